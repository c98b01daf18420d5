using System.ComponentModel.DataAnnotations;

namespace DocChat.Web.Options;

/// <summary>Upload limits (section <c>DocChat:Documents</c>).</summary>
public sealed class DocumentOptions
{
    public const string SectionName = "DocChat:Documents";

    [Range(1, 1L << 30)]
    public long MaxFileBytes { get; set; } = 10 * 1024 * 1024;

    [Range(1, 100)]
    public int MaxFilesPerUpload { get; set; } = 20;

    /// <summary>The most all of one user's documents may take together (their uploaded sizes).</summary>
    [Range(1, 1L << 40)]
    public long MaxStorageBytesPerUser { get; set; } = 500L * 1024 * 1024;

    /// <summary>Passages are cut at paragraph and sentence ends, at most this many characters.</summary>
    [Range(200, 10_000)]
    public int MaxPassageCharacters { get; set; } = 1_000;

    /// <summary>A .docx is a zip: refuse it when its contents would inflate past this (zip bombs).</summary>
    [Range(1024, 1L << 32)]
    public long MaxDocxUncompressedBytes { get; set; } = 50 * 1024 * 1024;

    /// <summary>A .docx with more zip entries than this is refused.</summary>
    [Range(10, 100_000)]
    public int MaxDocxEntries { get; set; } = 1_000;

    /// <summary>
    /// The deepest element nesting a .docx part or an HTML page may have. Real documents stay far
    /// below it; crafted ones nested thousands deep would cost minutes of CPU or overflow the stack.
    /// </summary>
    [Range(16, 1_000)]
    public int MaxNestingDepth { get; set; } = 256;

    /// <summary>How long reading one file (text, HTML, Word) may take before it is refused.</summary>
    [Range(0.001, 600)]
    public double ReadTimeoutSeconds { get; set; } = 30;

    /// <summary>How long pdftotext may take for one PDF before it is stopped.</summary>
    [Range(0.001, 600)]
    public double PdfTimeoutSeconds { get; set; } = 30;

    /// <summary>The poppler command that extracts text from PDFs.</summary>
    [Required]
    public string PdfToTextPath { get; set; } = "pdftotext";

    /// <summary>The poppler command that tells a PDF's page count (for progress; optional).</summary>
    [Required]
    public string PdfInfoPath { get; set; } = "pdfinfo";

    /// <summary>
    /// The most memory (address space) pdftotext, pdftoppm, pdfimages and Tesseract may take for
    /// one file; a PDF crafted to need more fails instead of exhausting the machine.
    /// </summary>
    [Range(64, 1 << 20)]
    public int ToolMemoryMegabytes { get; set; } = 1024;

    public long ToolMemoryBytes => (long)ToolMemoryMegabytes * 1024 * 1024;

    /// <summary>The poppler commands that render a PDF page and take out its images, for OCR.</summary>
    [Required]
    public string PdfToPpmPath { get; set; } = "pdftoppm";

    [Required]
    public string PdfImagesPath { get; set; } = "pdfimages";

    /// <summary>Tesseract, which recognises the text of scanned pages and of images in PDFs (optional: without it they are not read).</summary>
    [Required]
    public string TesseractPath { get; set; } = "tesseract";

    /// <summary>The most pages of one PDF recognised by OCR (0 turns OCR off).</summary>
    [Range(0, 10_000)]
    public int OcrMaxPages { get; set; } = 50;

    /// <summary>How long OCR may take for one PDF in all; pages not reached by then are not recognised.</summary>
    [Range(0.001, 3600)]
    public double OcrTimeoutSeconds { get; set; } = 120;

    /// <summary>
    /// How long the background ingestion holds a document without renewing its lease (it renews
    /// every second while it works). A document held by a process that died is taken over after
    /// this long.
    /// </summary>
    [Range(1, 3600)]
    public double IngestionLeaseSeconds { get; set; } = 30;

    /// <summary>
    /// Documents read and indexed at once. With two, a small upload does not wait behind a long
    /// one (a big PDF being read), and one document is read while the other's passages are
    /// written; the database still takes one write at a time, so a batch of large text files is
    /// not ready much sooner (its writes are most of its time).
    /// </summary>
    [Range(1, 16)]
    public int IngestionWorkers { get; set; } = 2;

    /// <summary>The whole multipart request may carry every file at its limit plus form overhead.</summary>
    public long MaxRequestBytes => (MaxFileBytes * MaxFilesPerUpload) + (1024 * 1024);
}
