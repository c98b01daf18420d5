using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using DocChat.Web.Tests.Infrastructure;

namespace DocChat.Web.Tests.Reliability;

/// <summary>
/// nginx in front of app instances with the configuration docs/deployment.md gives (its ```nginx
/// block), on loopback: the upstream servers become the instances' ports and <c>listen 80</c> a
/// free loopback port. Logs and temporary files stay in a folder of its own.
/// </summary>
public sealed partial class NginxProcess : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("docchat-nginx-").FullName;
    private readonly StringBuilder output = new();
    private Process? process;

    public NginxProcess(IReadOnlyList<Uri> upstreams)
    {
        Address = new Uri($"http://127.0.0.1:{ServerProcess.FreePort()}");
        var site = SiteConfiguration(upstreams, Address.Port);
        if (!OperatingSystem.IsWindows())
        {
            // Started as root, nginx runs its workers as an unprivileged user: they must reach the
            // folder and write large request bodies into its temporary folders.
            File.SetUnixFileMode(directory, (UnixFileMode)0b111_101_101);
            foreach (var temp in new[] { "body", "proxy", "fastcgi", "uwsgi", "scgi" })
            {
                File.SetUnixFileMode(Directory.CreateDirectory(Path.Combine(directory, temp)).FullName, (UnixFileMode)0b111_111_111);
            }
        }

        File.WriteAllText(Path.Combine(directory, "nginx.conf"), $$"""
            worker_processes 2;
            pid {{directory}}/nginx.pid;
            error_log {{directory}}/error.log warn;
            events { worker_connections 1024; }
            http {
                access_log off;
                client_body_temp_path {{directory}}/body;
                proxy_temp_path {{directory}}/proxy;
                fastcgi_temp_path {{directory}}/fastcgi;
                uwsgi_temp_path {{directory}}/uwsgi;
                scgi_temp_path {{directory}}/scgi;
            {{site}}
            }
            """);
    }

    public Uri Address { get; }

    /// <summary>nginx's error log: every upstream it gave up on, for assertions and reports.</summary>
    public string ErrorLog => File.Exists(Path.Combine(directory, "error.log")) ? File.ReadAllText(Path.Combine(directory, "error.log")) : "";

    public async Task StartAsync()
    {
        var start = new ProcessStartInfo(Executable())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "-e", Path.Combine(directory, "error.log"), "-p", directory, "-c", Path.Combine(directory, "nginx.conf"), "-g", "daemon off;" })
        {
            start.ArgumentList.Add(argument);
        }

        process = await ServerProcess.StartAndWaitAsync(start, new Uri(Address, "/healthz"), output, () => $"{output}\n{ErrorLog}");
    }

    /// <summary>The server configuration of docs/deployment.md, pointed at the given instances and port.</summary>
    internal static string SiteConfiguration(IReadOnlyList<Uri> upstreams, int port)
    {
        var deployment = File.ReadAllText(Path.Combine(Repository.Root, "docs", "deployment.md"));
        var block = NginxBlock().Match(deployment);
        if (!block.Success)
        {
            throw new InvalidOperationException("docs/deployment.md has no ```nginx block.");
        }

        var servers = 0;
        var site = UpstreamServer().Replace(block.Groups["conf"].Value, match =>
            servers < upstreams.Count ? $"{match.Groups["indent"].Value}server 127.0.0.1:{upstreams[servers++].Port}{match.Groups["options"].Value};" : match.Value);
        if (servers != upstreams.Count || !site.Contains("listen 80;", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"The nginx block of docs/deployment.md should have {upstreams.Count} upstream servers and listen 80.");
        }

        return site.Replace("listen 80;", $"listen 127.0.0.1:{port};", StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (process is { HasExited: false })
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }

        process?.Dispose();
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS to clean.
        }
    }

    /// <summary>nginx as Debian installs it (test.sh installs it if missing).</summary>
    private static string Executable() =>
        new[] { "/usr/sbin/nginx", "/usr/local/sbin/nginx" }.FirstOrDefault(File.Exists)
        ?? throw new FileNotFoundException("nginx is not installed; ./test.sh installs it.");

    [GeneratedRegex("```nginx\n(?<conf>.*?)```", RegexOptions.Singleline)]
    private static partial Regex NginxBlock();

    [GeneratedRegex(@"^(?<indent>[ \t]*)server [0-9.]+:[0-9]+(?<options>[^;]*);", RegexOptions.Multiline)]
    private static partial Regex UpstreamServer();
}
