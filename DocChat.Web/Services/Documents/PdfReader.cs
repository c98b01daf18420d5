using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using DocChat.Web.Data;
using DocChat.Web.Options;
using Microsoft.Extensions.Options;

namespace DocChat.Web.Services.Documents;

/// <summary>
/// .pdf via poppler's <c>pdftotext</c>, run as a child process at low priority with a time-out:
/// parser crashes and pathological files stay out of the web process. Pages are kept (pdftotext
/// ends each page with a form feed, which is also how pages read are counted as it goes);
/// <c>pdfinfo</c> tells the page count first, for progress.
/// </summary>
public sealed partial class PdfReader(IOptions<DocumentOptions> options, DataDirectory data, ILogger<PdfReader> logger) : IDocumentReader
{
    public IReadOnlyCollection<string> Extensions { get; } = [".pdf"];

    public string ContentType => "application/pdf";

    /// <summary>"%PDF-" within the first kilobyte, as PDF readers accept.</summary>
    public bool HasExpectedSignature(ReadOnlySpan<byte> content) =>
        content[..Math.Min(content.Length, 1024)].IndexOf("%PDF-"u8) >= 0;

    public async Task<ExtractedDocument> ReadAsync(byte[] content, string fileName, IProgress<PageProgress>? progress, CancellationToken cancellationToken)
    {
        // A generated name: nothing of the uploaded name reaches the file system.
        var path = Path.Combine(data.Scratch, $"{Guid.NewGuid():N}.pdf");
        await File.WriteAllBytesAsync(path, content, cancellationToken);
        try
        {
            var pageCount = await PageCountAsync(path, fileName, cancellationToken);
            progress?.Report(new PageProgress(0, pageCount));
            var output = await RunPdfToTextAsync(path, fileName, pagesRead => progress?.Report(new PageProgress(pagesRead, pageCount)), cancellationToken);
            var pages = output.Split('\f');
            if (pages.Length > 1 && pages[^1].Trim().Length == 0)
            {
                pages = pages[..^1];
            }

            var sections = pages
                .Select((text, index) => new TextSection(text.Replace("\r\n", "\n", StringComparison.Ordinal).Trim(), Page: index + 1))
                .Where(s => s.Text.Length > 0)
                .ToList();
            if (sections.Count == 0)
            {
                throw new DocumentReadException($"{fileName} has no text to search (it may be a scan of images).");
            }

            return new ExtractedDocument(sections, PageCount: pages.Length);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>The page count from pdfinfo, or null when it cannot tell (progress then counts pages without a total).</summary>
    private async Task<int?> PageCountAsync(string path, string fileName, CancellationToken cancellationToken)
    {
        try
        {
            var (exitCode, output, _) = await RunAsync(options.Value.PdfInfoPath, [path], fileName, onPageEnd: null, cancellationToken);
            return exitCode == 0 && PagesLine().Match(output) is { Success: true } match && int.TryParse(match.Groups[1].ValueSpan, out var pages)
                ? pages
                : null;
        }
        catch (Win32Exception exception)
        {
            logger.LogWarning(exception, "pdfinfo could not be started ({PdfInfoPath}); PDF progress has no page total", options.Value.PdfInfoPath);
            return null;
        }
    }

    private async Task<string> RunPdfToTextAsync(string path, string fileName, Action<int> onPageEnd, CancellationToken cancellationToken)
    {
        int exitCode;
        string output, error;
        try
        {
            (exitCode, output, error) = await RunAsync(options.Value.PdfToTextPath, ["-enc", "UTF-8", "-eol", "unix", path, "-"], fileName, onPageEnd, cancellationToken);
        }
        catch (Win32Exception exception)
        {
            logger.LogError(exception, "pdftotext could not be started ({PdfToTextPath}); install poppler-utils", options.Value.PdfToTextPath);
            throw new DocumentReadException($"{fileName} could not be read: PDF support (poppler-utils) is not installed on this server.");
        }

        if (exitCode == 0)
        {
            return output;
        }

        if (error.Contains("password", StringComparison.OrdinalIgnoreCase))
        {
            throw new DocumentReadException($"{fileName} is password-protected. Remove the password and upload it again.");
        }

        logger.LogWarning("pdftotext failed with exit code {ExitCode}", exitCode);
        throw new DocumentReadException($"{fileName} could not be read as a PDF (it may be damaged).");
    }

    /// <summary>
    /// Runs a poppler tool within <see cref="DocumentOptions.PdfTimeoutSeconds"/>, counting the
    /// form feeds that end pages in its output as they arrive.
    /// </summary>
    /// <exception cref="Win32Exception">The tool is not installed.</exception>
    private async Task<(int ExitCode, string Output, string Error)> RunAsync(
        string command, IReadOnlyList<string> arguments, string fileName, Action<int>? onPageEnd, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var start = new ProcessStartInfo(command)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new Win32Exception($"{command} did not start");
        LowerPriority(process);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(settings.PdfTimeoutSeconds));
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            var output = new StringBuilder();
            var buffer = new char[16_384];
            var pagesRead = 0;
            int read;
            while ((read = await process.StandardOutput.ReadAsync(buffer, timeout.Token)) > 0)
            {
                output.Append(buffer, 0, read);
                var pageEnds = buffer.AsSpan(0, read).Count('\f');
                if (pageEnds > 0 && onPageEnd is not null)
                {
                    pagesRead += pageEnds;
                    onPageEnd(pagesRead);
                }
            }

            await process.WaitForExitAsync(timeout.Token);
            return (process.ExitCode, output.ToString(), await error);
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
            logger.LogWarning("{Command} timed out after {TimeoutSeconds} s", Path.GetFileName(command), settings.PdfTimeoutSeconds);
            throw DocumentReadException.TookTooLong(fileName, settings.PdfTimeoutSeconds);
        }
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

    [GeneratedRegex(@"^Pages:\s+(\d+)", RegexOptions.Multiline)]
    private static partial Regex PagesLine();
}
