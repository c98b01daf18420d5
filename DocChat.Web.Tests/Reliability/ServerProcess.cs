using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace DocChat.Web.Tests.Reliability;

/// <summary>
/// The built app (DocChat.Web.dll) as a separate process on a loopback port, so it can be killed
/// hard (SIGKILL) and started again on the same data folder.
/// </summary>
public sealed class ServerProcess : IDisposable
{
    private readonly string dataDirectory;
    private readonly string app;
    private readonly IReadOnlyDictionary<string, string> settings;
    private readonly StringBuilder output = new();
    private Process? process;

    /// <param name="settings">App settings by configuration key (DocChat:Documents:...), on top of the defaults.</param>
    /// <param name="app">The app's DocChat.Web.dll: by default the one built next to the tests; a published one to test what production runs.</param>
    public ServerProcess(string dataDirectory, IReadOnlyDictionary<string, string>? settings = null, string? app = null)
    {
        this.dataDirectory = dataDirectory;
        this.app = app ?? WebAssembly();
        this.settings = settings ?? new Dictionary<string, string>();
        Address = new Uri($"http://127.0.0.1:{FreePort()}");
    }

    public Uri Address { get; }

    /// <summary>Everything the server processes have written (console log), for assertions.</summary>
    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    public async Task StartAsync()
    {
        var start = StartInfo(app, dataDirectory, "--urls", Address.ToString());
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var limit in new[] { "LoginPerAddress", "LoginPerAccount", "SendPerUser", "SendPerAddress", "UploadPerUser", "UploadPerAddress" })
        {
            start.Environment[$"DocChat__RateLimits__{limit}"] = "1000000";
        }

        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        process = await StartAndWaitAsync(start, new Uri(Address, "/Identity/Account/Login"), output, () => Output);
    }

    /// <summary>
    /// Starts a process with its output collected into <paramref name="output"/>, and returns once
    /// <paramref name="ready"/> answers 2xx; throws with <paramref name="describe"/> if it exits or never does.
    /// </summary>
    internal static async Task<Process> StartAndWaitAsync(ProcessStartInfo start, Uri ready, StringBuilder output, Func<string> describe)
    {
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, line) => Append(output, line.Data);
        process.ErrorDataReceived += (_, line) => Append(output, line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        for (var attempt = 0; attempt < 300; attempt++)
        {
            try
            {
                if ((await client.GetAsync(ready)).IsSuccessStatusCode)
                {
                    return process;
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }

            if (process.HasExited)
            {
                throw new InvalidOperationException($"{start.FileName} exited with {process.ExitCode}:\n{describe()}");
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"{start.FileName} did not start:\n{describe()}");
    }

    /// <summary>SIGKILL: no shutdown, no flush; what was acknowledged must already be on disk.</summary>
    public void Kill()
    {
        if (process is { HasExited: false })
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
    }

    /// <summary>SIGTERM, as a service manager stops the app: it shuts down in order.</summary>
    public async Task StopGracefullyAsync()
    {
        if (process is { HasExited: false })
        {
            using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }
    }

    public async Task StopAsync()
    {
        if (process is { HasExited: false })
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    public void Dispose()
    {
        Kill();
        process?.Dispose();
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is not null)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }

    /// <summary>How to start the app (<paramref name="app"/>, a DocChat.Web.dll) on a data folder, with its output captured.</summary>
    internal static ProcessStartInfo StartInfo(string app, string dataDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(app)!,
        };
        start.ArgumentList.Add(app);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DocChat__Data__Directory"] = dataDirectory;
        return start;
    }

    /// <summary>DocChat.Web.dll as built next to this test assembly (same configuration).</summary>
    internal static string WebAssembly()
    {
        var testOutput = AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar);
        var web = testOutput.Replace($"{Path.DirectorySeparatorChar}DocChat.Web.Tests{Path.DirectorySeparatorChar}", $"{Path.DirectorySeparatorChar}DocChat.Web{Path.DirectorySeparatorChar}", StringComparison.Ordinal);
        var path = Path.Combine(web, "DocChat.Web.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException("Build DocChat.Web first.", path);
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
