using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace DocChat.Web.Services.Documents;

/// <summary>
/// Runs a command-line tool (poppler, Tesseract) as a child process at low priority: parser
/// crashes and pathological files stay out of the web process, and a tool that overruns its time
/// or whose work is abandoned is killed with its children before this returns.
/// </summary>
public static class ExternalTool
{
    public sealed record Result(int ExitCode, string Output, string Error);

    /// <summary>util-linux's prlimit, which starts a command with a memory limit (Linux only).</summary>
    private const string Prlimit = "/usr/bin/prlimit";

    /// <summary>
    /// Runs the tool, calling <paramref name="onOutput"/> with each piece of its output as it
    /// arrives. With <paramref name="memoryBytes"/> its address space is limited (where prlimit is
    /// installed): a crafted file that makes a parser allocate gigabytes fails the tool, not the machine.
    /// </summary>
    /// <exception cref="Win32Exception">The tool is not installed.</exception>
    /// <exception cref="TimeoutException">It ran longer than <paramref name="timeout"/>.</exception>
    public static async Task<Result> RunAsync(
        string command,
        IReadOnlyList<string> arguments,
        TimeSpan timeout,
        CancellationToken cancellationToken,
        Action<ReadOnlySpan<char>>? onOutput = null,
        long? memoryBytes = null)
    {
        var executable = Locate(command) ?? throw new Win32Exception($"{command} is not installed");
        var limited = memoryBytes is > 0 && File.Exists(Prlimit);
        var start = new ProcessStartInfo(limited ? Prlimit : executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        if (limited)
        {
            start.ArgumentList.Add(FormattableString.Invariant($"--as={memoryBytes}"));
            start.ArgumentList.Add("--");
            start.ArgumentList.Add(executable);
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // Tesseract would otherwise take every core for one page.
        start.Environment["OMP_THREAD_LIMIT"] = "1";

        using var process = Process.Start(start) ?? throw new Win32Exception($"{command} did not start");
        LowerPriority(process);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        var error = process.StandardError.ReadToEndAsync(limit.Token);
        try
        {
            var output = new StringBuilder();
            var buffer = new char[16_384];
            int read;
            while ((read = await process.StandardOutput.ReadAsync(buffer, limit.Token)) > 0)
            {
                output.Append(buffer, 0, read);
                onOutput?.Invoke(buffer.AsSpan(0, read));
            }

            await process.WaitForExitAsync(limit.Token);
            return new Result(process.ExitCode, output.ToString(), await error);
        }
        catch (OperationCanceledException)
        {
            // Stopped for the time-out, or because the work was abandoned: either way the tool
            // must not run on by itself, and it is gone before this returns.
            process.Kill(entireProcessTree: true);
            using (var reaped = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
            {
                await process.WaitForExitAsync(reaped.Token);
            }

            cancellationToken.ThrowIfCancellationRequested();
            throw new TimeoutException($"{Path.GetFileName(command)} ran longer than {timeout.TotalSeconds:0.###} s");
        }
    }

    /// <summary>The command's full path: as given when it has a directory, else found on the PATH; null when it is not there.</summary>
    private static string? Locate(string command)
    {
        if (Path.IsPathRooted(command) || command.Contains(Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            return File.Exists(command) ? Path.GetFullPath(command) : null;
        }

        return (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, command))
            .FirstOrDefault(File.Exists);
    }

    /// <summary>Extraction runs below the web requests' priority, so a long PDF does not slow other users.</summary>
    private static void LowerPriority(Process process)
    {
        try
        {
            process.PriorityClass = ProcessPriorityClass.BelowNormal;
        }
        catch (Exception exception) when (exception is InvalidOperationException or Win32Exception)
        {
            // It has already exited, or the system refuses: it runs at normal priority.
        }
    }
}
