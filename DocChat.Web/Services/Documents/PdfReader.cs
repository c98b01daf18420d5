using System.ComponentModel;
using System.Diagnostics;
using DocChat.Web.Data;
using DocChat.Web.Options;
using Microsoft.Extensions.Options;

namespace DocChat.Web.Services.Documents;

/// <summary>
/// .pdf via poppler's <c>pdftotext</c>, run as a child process with a time-out: parser crashes
/// and pathological files stay out of the web process. Pages are kept (pdftotext ends each
/// page with a form feed).
/// </summary>
public sealed class PdfReader(IOptions<DocumentOptions> options, DataDirectory data, ILogger<PdfReader> logger) : IDocumentReader
{
    public IReadOnlyCollection<string> Extensions { get; } = [".pdf"];

    public string ContentType => "application/pdf";

    /// <summary>"%PDF-" within the first kilobyte, as PDF readers accept.</summary>
    public bool HasExpectedSignature(ReadOnlySpan<byte> content) =>
        content[..Math.Min(content.Length, 1024)].IndexOf("%PDF-"u8) >= 0;

    public async Task<ExtractedDocument> ReadAsync(byte[] content, string fileName, CancellationToken cancellationToken)
    {
        // A generated name: nothing of the uploaded name reaches the file system.
        var path = Path.Combine(data.Scratch, $"{Guid.NewGuid():N}.pdf");
        await File.WriteAllBytesAsync(path, content, cancellationToken);
        try
        {
            var output = await RunPdfToTextAsync(path, fileName, cancellationToken);
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

    private async Task<string> RunPdfToTextAsync(string path, string fileName, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var start = new ProcessStartInfo(settings.PdfToTextPath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = System.Text.Encoding.UTF8,
        };
        foreach (var argument in new[] { "-enc", "UTF-8", "-eol", "unix", path, "-" })
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new Win32Exception("pdftotext did not start");
        }
        catch (Win32Exception exception)
        {
            logger.LogError(exception, "pdftotext could not be started ({PdfToTextPath}); install poppler-utils", settings.PdfToTextPath);
            throw new DocumentReadException($"{fileName} could not be read: PDF support (poppler-utils) is not installed on this server.");
        }

        using (process)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(settings.PdfTimeoutSeconds));
            var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
                await Task.WhenAll(stdout, stderr);
            }
            catch (OperationCanceledException)
            {
                // Stopped for the time-out, or because the upload was abandoned: either way the
                // extractor must not run on by itself, and it is gone before the request answers.
                process.Kill(entireProcessTree: true);
                using (var reaped = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
                {
                    await process.WaitForExitAsync(reaped.Token);
                }

                cancellationToken.ThrowIfCancellationRequested();
                logger.LogWarning("pdftotext timed out after {TimeoutSeconds} s", settings.PdfTimeoutSeconds);
                throw DocumentReadException.TookTooLong(fileName, settings.PdfTimeoutSeconds);
            }

            if (process.ExitCode == 0)
            {
                return await stdout;
            }

            var error = await stderr;
            if (error.Contains("password", StringComparison.OrdinalIgnoreCase))
            {
                throw new DocumentReadException($"{fileName} is password-protected. Remove the password and upload it again.");
            }

            logger.LogWarning("pdftotext failed with exit code {ExitCode}", process.ExitCode);
            throw new DocumentReadException($"{fileName} could not be read as a PDF (it may be damaged).");
        }
    }
}
