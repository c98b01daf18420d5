using System.ComponentModel;
using System.Globalization;
using System.Text;
using DocChat.Web.Options;
using Microsoft.Extensions.Options;

namespace DocChat.Web.Services.Documents;

/// <summary>
/// Recognises text that a PDF only has as pictures, with Tesseract: whole pages that have no
/// readable text (scans; pages whose fonts do not map to letters) are rendered by pdftoppm, and
/// large images on pages that do have text are taken out by pdfimages. English and every other
/// installed Tesseract language are used. Bounded by <see cref="DocumentOptions.OcrMaxPages"/>
/// and <see cref="DocumentOptions.OcrTimeoutSeconds"/> per document; without Tesseract nothing
/// is recognised.
/// </summary>
public sealed class PdfOcr(IOptions<DocumentOptions> options, ILogger<PdfOcr> logger)
{
    /// <summary>Images smaller than this (in pixels) are icons, rules or bullets, not text.</summary>
    private const int MinImagePixels = 150 * 60;

    /// <summary>Tesseract's mean word confidence below which what it read is taken for noise (a photo, a chart).</summary>
    private const double MinMeanConfidence = 60;

    private readonly Lazy<Task<string?>> languages = new(() => FindLanguagesAsync(options.Value, logger));

    /// <summary>Text recognised for some pages: <see cref="Replaced"/> pages had no readable text, <see cref="Added"/> had images.</summary>
    public sealed record Recognised(IReadOnlyDictionary<int, string> Replaced, IReadOnlyDictionary<int, string> Added)
    {
        public IReadOnlyList<int> Pages => Replaced.Keys.Concat(Added.Keys).Order().ToList();
    }

    /// <summary>
    /// Recognises the text of <paramref name="unreadablePages"/> (1-based) and of the images on
    /// <paramref name="pagesWithImages"/>, in page order, until the page limit or time budget runs out.
    /// </summary>
    public async Task<Recognised> RecogniseAsync(
        string pdfPath, IReadOnlyCollection<int> unreadablePages, IReadOnlyCollection<int> pagesWithImages, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var replaced = new Dictionary<int, string>();
        var added = new Dictionary<int, string>();
        if (settings.OcrMaxPages == 0 || (unreadablePages.Count == 0 && pagesWithImages.Count == 0)
            || await languages.Value is not { } language)
        {
            return new Recognised(replaced, added);
        }

        var budget = System.Diagnostics.Stopwatch.StartNew();
        var work = unreadablePages.Select(p => (Page: p, Whole: true))
            .Concat(pagesWithImages.Except(unreadablePages).Select(p => (Page: p, Whole: false)))
            .OrderBy(w => w.Page)
            .Take(settings.OcrMaxPages);
        var scratch = Path.Combine(Path.GetDirectoryName(pdfPath)!, Path.GetFileNameWithoutExtension(pdfPath) + "-ocr");
        Directory.CreateDirectory(scratch);
        try
        {
            foreach (var (page, whole) in work)
            {
                var left = TimeSpan.FromSeconds(settings.OcrTimeoutSeconds) - budget.Elapsed;
                if (left <= TimeSpan.Zero)
                {
                    logger.LogWarning("OCR stopped at page {Page}: the document's OCR time ({OcrTimeoutSeconds} s) is used up", page, settings.OcrTimeoutSeconds);
                    break;
                }

                try
                {
                    var images = whole
                        ? await RenderPageAsync(pdfPath, page, scratch, left, cancellationToken)
                        : await ExtractImagesAsync(pdfPath, page, scratch, left, cancellationToken);
                    var texts = new List<string>();
                    foreach (var image in images)
                    {
                        if (await ReadImageAsync(image, language, TimeSpan.FromSeconds(settings.OcrTimeoutSeconds) - budget.Elapsed, cancellationToken) is { } text)
                        {
                            texts.Add(text);
                        }
                    }

                    if (texts.Count > 0)
                    {
                        (whole ? replaced : added)[page] = string.Join("\n\n", texts);
                    }
                }
                catch (TimeoutException)
                {
                    logger.LogWarning("OCR of page {Page} ran out of time", page);
                    break;
                }
                finally
                {
                    foreach (var file in Directory.EnumerateFiles(scratch))
                    {
                        File.Delete(file);
                    }
                }
            }
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }

        return new Recognised(replaced, added);
    }

    /// <summary>Whether OCR is on and Tesseract with a language is installed.</summary>
    public async Task<bool> IsAvailableAsync() => options.Value.OcrMaxPages > 0 && await languages.Value is not null;

    /// <summary>Pages (1-based) that carry an image big enough to hold text, from pdfimages' list.</summary>
    public async Task<IReadOnlyList<int>> PagesWithImagesAsync(string pdfPath, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (settings.OcrMaxPages == 0 || await languages.Value is null)
        {
            return [];
        }

        try
        {
            var result = await ExternalTool.RunAsync(settings.PdfImagesPath, ["-list", pdfPath], TimeSpan.FromSeconds(settings.PdfTimeoutSeconds), cancellationToken, memoryBytes: settings.ToolMemoryBytes);
            return result.Output.Split('\n')
                .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                .Where(f => f.Length > 4 && f[2] == "image"
                    && int.TryParse(f[3], CultureInfo.InvariantCulture, out var width) && int.TryParse(f[4], CultureInfo.InvariantCulture, out var height)
                    && (long)width * height >= MinImagePixels && width >= 100 && height >= 30)
                .Select(f => int.Parse(f[0], CultureInfo.InvariantCulture))
                .Distinct()
                .ToList();
        }
        catch (Exception exception) when (exception is Win32Exception or TimeoutException)
        {
            logger.LogWarning(exception, "Listing the images of a PDF failed; its images are not read");
            return [];
        }
    }

    private async Task<IReadOnlyList<string>> RenderPageAsync(string pdfPath, int page, string scratch, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var prefix = Path.Combine(scratch, "page");
        var number = page.ToString(CultureInfo.InvariantCulture);
        await ExternalTool.RunAsync(
            options.Value.PdfToPpmPath, ["-r", "300", "-gray", "-png", "-singlefile", "-f", number, "-l", number, pdfPath, prefix], timeout, cancellationToken, memoryBytes: options.Value.ToolMemoryBytes);
        return File.Exists(prefix + ".png") ? [prefix + ".png"] : [];
    }

    private async Task<IReadOnlyList<string>> ExtractImagesAsync(string pdfPath, int page, string scratch, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var number = page.ToString(CultureInfo.InvariantCulture);
        await ExternalTool.RunAsync(
            options.Value.PdfImagesPath, ["-png", "-f", number, "-l", number, pdfPath, Path.Combine(scratch, "image")], timeout, cancellationToken, memoryBytes: options.Value.ToolMemoryBytes);
        return Directory.EnumerateFiles(scratch, "image-*.png").Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>The image's text, lines and paragraphs as Tesseract found them, or null when it read nothing it trusts.</summary>
    private async Task<string?> ReadImageAsync(string image, string language, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (timeout <= TimeSpan.Zero)
        {
            throw new TimeoutException("no OCR time left");
        }

        var result = await ExternalTool.RunAsync(options.Value.TesseractPath, [image, "stdout", "-l", language, "tsv"], timeout, cancellationToken, memoryBytes: options.Value.ToolMemoryBytes);
        return result.ExitCode == 0 ? FromTsv(result.Output) : null;
    }

    /// <summary>
    /// Text from Tesseract's TSV output (level 5 rows are words with their block, paragraph and
    /// line numbers and a confidence), or null when the mean confidence says it is noise.
    /// </summary>
    internal static string? FromTsv(string tsv)
    {
        var text = new StringBuilder();
        var confidences = new List<double>();
        (string Block, string Paragraph, string Line)? last = null;
        foreach (var row in tsv.Split('\n').Skip(1))
        {
            var fields = row.Split('\t');
            if (fields.Length < 12 || fields[0] != "5" || fields[11].Trim().Length == 0
                || !double.TryParse(fields[10], CultureInfo.InvariantCulture, out var confidence) || confidence < 0)
            {
                continue;
            }

            var place = (fields[2], fields[3], fields[4]);
            if (last is { } previous)
            {
                text.Append(previous.Block != place.Item1 || previous.Paragraph != place.Item2 ? "\n\n" : previous.Line != place.Item3 ? "\n" : " ");
            }

            text.Append(fields[11].Trim());
            confidences.Add(confidence);
            last = place;
        }

        return confidences.Count > 0 && confidences.Average() >= MinMeanConfidence ? text.ToString() : null;
    }

    /// <summary>"eng" and every other installed language ("eng+deu+fra"), or null without Tesseract.</summary>
    private static async Task<string?> FindLanguagesAsync(DocumentOptions settings, ILogger logger)
    {
        if (settings.OcrMaxPages == 0)
        {
            return null;
        }

        try
        {
            var result = await ExternalTool.RunAsync(settings.TesseractPath, ["--list-langs"], TimeSpan.FromSeconds(10), CancellationToken.None);
            var installed = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Skip(1)
                .Where(l => l != "osd" && !l.Contains(' ', StringComparison.Ordinal))
                .OrderBy(l => l == "eng" ? 0 : 1)
                .ThenBy(l => l, StringComparer.Ordinal)
                .ToList();
            if (installed.Count == 0)
            {
                logger.LogWarning("Tesseract has no languages installed: scanned PDFs are not read (install tesseract-ocr-eng)");
                return null;
            }

            return string.Join('+', installed);
        }
        catch (Exception exception) when (exception is Win32Exception or TimeoutException)
        {
            logger.LogWarning("Tesseract is not installed ({TesseractPath}): scanned PDFs are not read (install tesseract-ocr)", settings.TesseractPath);
            return null;
        }
    }
}
