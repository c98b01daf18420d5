using System.ComponentModel;
using System.Text.RegularExpressions;
using DocChat.Web.Data;
using DocChat.Web.Options;
using Microsoft.Extensions.Options;

namespace DocChat.Web.Services.Documents;

/// <summary>
/// .pdf via poppler's <c>pdftotext</c> (a child process with a time-out, see <see cref="ExternalTool"/>).
/// Pages are kept (pdftotext ends each page with a form feed, which is also how pages read are
/// counted as it goes); <c>pdfinfo</c> tells the page count first, for progress. Running headers
/// and footers and line-end hyphenation are tidied (<see cref="PdfPageText"/>); pages without
/// readable text and large images are read by OCR (<see cref="PdfOcr"/>).
/// </summary>
public sealed partial class PdfReader(IOptions<DocumentOptions> options, DataDirectory data, PdfOcr ocr, ILogger<PdfReader> logger) : IDocumentReader
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
            var pageCount = await PageCountAsync(path, cancellationToken);
            progress?.Report(new PageProgress(0, pageCount));
            var output = await RunPdfToTextAsync(path, fileName, pagesRead => progress?.Report(new PageProgress(pagesRead, pageCount)), cancellationToken);
            var pages = output.Split('\f');
            if (pages.Length > 1 && pages[^1].Trim().Length == 0)
            {
                pages = pages[..^1];
            }

            var texts = pages.Select(page => page.Replace("\r\n", "\n", StringComparison.Ordinal).Trim()).ToArray();
            var recognised = await RecogniseAsync(path, texts, cancellationToken);
            foreach (var (page, text) in recognised.Replaced)
            {
                texts[page - 1] = text;
            }

            foreach (var (page, text) in recognised.Added)
            {
                texts[page - 1] = $"{texts[page - 1]}\n\n{text}";
            }

            var sections = PdfPageText.Tidy(texts)
                .Select((text, index) => new TextSection(text, Page: index + 1))
                .Where(s => s.Text.Length > 0)
                .ToList();
            if (sections.Count == 0)
            {
                throw new DocumentReadException(await ocr.IsAvailableAsync()
                    ? $"{fileName} has no text to search: it has no text layer, and OCR recognised no text on its pages."
                    : $"{fileName} has no text to search (it may be a scan of images, and OCR is not installed on this server).");
            }

            return new ExtractedDocument(sections, PageCount: pages.Length) { OcrPages = recognised.Pages };
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>OCR for pages without readable text, and for the images of pages with little text of their own.</summary>
    private async Task<PdfOcr.Recognised> RecogniseAsync(string path, string[] pages, CancellationToken cancellationToken)
    {
        var unreadable = Enumerable.Range(1, pages.Length)
            .Where(page => ReadableText.Assess(pages[page - 1]) is var text && (text.Visible == 0 || text.IsUnreadable))
            .ToList();
        var withImages = await ocr.PagesWithImagesAsync(path, cancellationToken);
        return await ocr.RecogniseAsync(path, unreadable, withImages.Where(page => page <= pages.Length).ToList(), cancellationToken);
    }

    /// <summary>The page count from pdfinfo, or null when it cannot tell (progress then counts pages without a total).</summary>
    private async Task<int?> PageCountAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            var result = await ExternalTool.RunAsync(options.Value.PdfInfoPath, [path], Timeout, cancellationToken, memoryBytes: options.Value.ToolMemoryBytes);
            return result.ExitCode == 0 && PagesLine().Match(result.Output) is { Success: true } match && int.TryParse(match.Groups[1].ValueSpan, out var pages)
                ? pages
                : null;
        }
        catch (Exception exception) when (exception is Win32Exception or TimeoutException)
        {
            logger.LogWarning(exception, "pdfinfo could not tell the page count ({PdfInfoPath}); PDF progress has no page total", options.Value.PdfInfoPath);
            return null;
        }
    }

    private TimeSpan Timeout => TimeSpan.FromSeconds(options.Value.PdfTimeoutSeconds);

    private async Task<string> RunPdfToTextAsync(string path, string fileName, Action<int> onPageEnd, CancellationToken cancellationToken)
    {
        ExternalTool.Result result;
        var pagesRead = 0;
        try
        {
            result = await ExternalTool.RunAsync(options.Value.PdfToTextPath, ["-enc", "UTF-8", "-eol", "unix", path, "-"], Timeout, cancellationToken, output =>
            {
                if (output.Count('\f') is var pageEnds && pageEnds > 0)
                {
                    pagesRead += pageEnds;
                    onPageEnd(pagesRead);
                }
            }, options.Value.ToolMemoryBytes);
        }
        catch (Win32Exception exception)
        {
            logger.LogError(exception, "pdftotext could not be started ({PdfToTextPath}); install poppler-utils", options.Value.PdfToTextPath);
            throw new DocumentReadException($"{fileName} could not be read: PDF support (poppler-utils) is not installed on this server.");
        }
        catch (TimeoutException)
        {
            logger.LogWarning("pdftotext timed out after {TimeoutSeconds} s", options.Value.PdfTimeoutSeconds);
            throw DocumentReadException.TookTooLong(fileName, options.Value.PdfTimeoutSeconds);
        }

        if (result.ExitCode == 0)
        {
            return result.Output;
        }

        if (result.Error.Contains("password", StringComparison.OrdinalIgnoreCase))
        {
            throw new DocumentReadException($"{fileName} is password-protected. Remove the password and upload it again.");
        }

        logger.LogWarning("pdftotext failed with exit code {ExitCode}", result.ExitCode);
        throw new DocumentReadException($"{fileName} could not be read as a PDF (it may be damaged).");
    }

    [GeneratedRegex(@"^Pages:\s+(\d+)", RegexOptions.Multiline)]
    private static partial Regex PagesLine();
}
