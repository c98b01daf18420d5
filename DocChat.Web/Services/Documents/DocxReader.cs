using System.IO.Compression;
using System.Text;
using DocChat.Web.Options;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Microsoft.Extensions.Options;

namespace DocChat.Web.Services.Documents;

/// <summary>
/// .docx via DocumentFormat.OpenXml: paragraphs, headings (sections), list items and tables.
/// The zip container is checked against entry-count and inflated-size limits before OpenXml
/// parses anything, so a small file that would inflate to gigabytes is refused quickly.
/// </summary>
public sealed class DocxReader(IOptions<DocumentOptions> options) : IDocumentReader
{
    private const int BufferSize = 81_920;

    public IReadOnlyCollection<string> Extensions { get; } = [".docx"];

    public string ContentType => "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    /// <summary>
    /// A zip; or, for a password-protected document, the OLE compound file Word encrypts it into
    /// (recognised by its EncryptionInfo stream, so it is refused with the right message below).
    /// </summary>
    public bool HasExpectedSignature(ReadOnlySpan<byte> content) =>
        content.StartsWith((ReadOnlySpan<byte>)[0x50, 0x4B, 0x03, 0x04]) || IsEncrypted(content);

    /// <summary>An OLE compound file (D0 CF 11 E0 ...) whose directory names an "EncryptionInfo" stream.</summary>
    private static bool IsEncrypted(ReadOnlySpan<byte> content) =>
        content.StartsWith((ReadOnlySpan<byte>)[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1])
        && content.IndexOf(System.Text.Encoding.Unicode.GetBytes("EncryptionInfo")) >= 0;

    public Task<ExtractedDocument> ReadAsync(byte[] content, string fileName, IProgress<PageProgress>? progress, CancellationToken cancellationToken)
    {
        CheckStructure(content, fileName, cancellationToken);
        try
        {
            using var document = WordprocessingDocument.Open(new MemoryStream(content, writable: false), isEditable: false);
            var main = document.MainDocumentPart;
            var body = main?.Document?.Body
                ?? throw new DocumentReadException($"{fileName} has no document body.");
            var sections = Sections(body, main!, fileName, cancellationToken);
            sections.AddRange(Notes(main!, cancellationToken));
            return Task.FromResult(TextDecoding.RequireText(new ExtractedDocument(sections), fileName));
        }
        catch (Exception exception) when (exception is OpenXmlPackageException or InvalidDataException or IOException or System.Xml.XmlException or InvalidOperationException)
        {
            throw new DocumentReadException($"{fileName} could not be read as a Word document (it may be damaged).");
        }
    }

    /// <summary>
    /// Counts entries and inflates each one, stopping at the size limit. XML parts are read with a
    /// streaming reader on the way, which refuses a document nested deeper than
    /// <see cref="DocumentOptions.MaxNestingDepth"/>: OpenXml builds its tree recursively, and a few
    /// kilobytes of nested elements would otherwise overflow the stack and end the process.
    /// </summary>
    public void CheckStructure(byte[] content, string fileName, CancellationToken cancellationToken)
    {
        if (IsEncrypted(content))
        {
            throw new DocumentReadException($"{fileName} is password-protected. Remove the password in Word (File, Info, Protect Document) and upload it again.");
        }

        var limits = options.Value;
        var tooBig = new DocumentReadException(
            $"{fileName} is refused: its contents would unpack to more than {FileSize.Format(limits.MaxDocxUncompressedBytes)}.");
        try
        {
            using var zip = new ZipArchive(new MemoryStream(content, writable: false), ZipArchiveMode.Read);
            if (zip.Entries.Count > limits.MaxDocxEntries)
            {
                throw new DocumentReadException($"{fileName} is refused: it holds more than {limits.MaxDocxEntries:N0} parts.");
            }

            // The sizes the archive declares come first (free to read); the real inflated size is
            // then counted, since a crafted archive can declare small sizes.
            if (zip.Entries.Sum(e => e.Length) > limits.MaxDocxUncompressedBytes)
            {
                throw tooBig;
            }

            var inflated = new InflatedBytes(limits.MaxDocxUncompressedBytes, tooBig);
            foreach (var entry in zip.Entries)
            {
                using var stream = new CountingStream(entry.Open(), inflated, cancellationToken);
                if (entry.FullName.EndsWith(".xml", StringComparison.OrdinalIgnoreCase) || entry.FullName.EndsWith(".rels", StringComparison.OrdinalIgnoreCase))
                {
                    CheckNesting(stream, fileName, limits.MaxNestingDepth, cancellationToken);
                }

                stream.CopyTo(Stream.Null, BufferSize);
            }
        }
        catch (Exception exception) when (exception is InvalidDataException or System.Xml.XmlException)
        {
            throw new DocumentReadException($"{fileName} could not be read as a Word document (it may be damaged).");
        }
    }

    private static void CheckNesting(Stream part, string fileName, int maxDepth, CancellationToken cancellationToken)
    {
        var settings = new System.Xml.XmlReaderSettings { DtdProcessing = System.Xml.DtdProcessing.Prohibit, XmlResolver = null, CloseInput = false };
        using var reader = System.Xml.XmlReader.Create(part, settings);
        while (reader.Read())
        {
            if (reader.Depth > maxDepth)
            {
                throw DocumentReadException.TooDeeplyNested(fileName, maxDepth);
            }

            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    /// <summary>The running total of inflated bytes across all entries of one archive.</summary>
    private sealed class InflatedBytes(long limit, DocumentReadException tooBig)
    {
        private long total;

        public void Add(int count)
        {
            total += count;
            if (total > limit)
            {
                throw tooBig;
            }
        }
    }

    /// <summary>Reads an entry, adding what it inflates to the archive's total and honouring cancellation.</summary>
    private sealed class CountingStream(Stream inner, InflatedBytes inflated, CancellationToken cancellationToken) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var read = inner.Read(buffer, offset, count);
            inflated.Add(read);
            return read;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }

    private List<TextSection> Sections(Body body, MainDocumentPart main, string fileName, CancellationToken cancellationToken)
    {
        var sections = new List<TextSection>();
        var text = new StringBuilder();
        string? heading = null;

        void Flush()
        {
            if (text.ToString().Trim() is { Length: > 0 } section)
            {
                sections.Add(new TextSection(section, heading));
            }

            text.Clear();
        }

        foreach (var element in Blocks(body))
        {
            cancellationToken.ThrowIfCancellationRequested();
            switch (element)
            {
                case Paragraph paragraph:
                    var paragraphText = ParagraphText(paragraph).Trim();
                    if (paragraphText.Length == 0)
                    {
                        continue;
                    }

                    if (IsHeading(paragraph))
                    {
                        Flush();
                        heading = paragraphText;
                        text.Append(paragraphText).Append("\n\n");
                    }
                    else if (paragraph.ParagraphProperties?.NumberingProperties is not null)
                    {
                        text.Append("- ").Append(paragraphText).Append('\n');
                    }
                    else
                    {
                        text.Append(paragraphText).Append("\n\n");
                    }

                    break;
                case AltChunk chunk when chunk.Id?.Value is { } id && main.GetPartById(id) is AlternativeFormatImportPart imported:
                    // Content pasted in another format (HTML, text) that Word shows as if it were its own.
                    Flush();
                    sections.AddRange(ImportedSections(imported, fileName, cancellationToken));
                    break;
                case Table table:
                    foreach (var row in table.Elements<TableRow>())
                    {
                        text.AppendJoin(" | ", row.Elements<TableCell>().Select(CellText)).Append('\n');
                    }

                    text.Append('\n');
                    break;
            }
        }

        Flush();
        return sections;
    }

    /// <summary>An altChunk's content: HTML read as a web page, text as text; other formats are skipped.</summary>
    private IEnumerable<TextSection> ImportedSections(AlternativeFormatImportPart part, string fileName, CancellationToken cancellationToken)
    {
        using var stream = part.GetStream(FileMode.Open, FileAccess.Read);
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        var bytes = buffer.ToArray();
        if (part.ContentType.Contains("html", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                return new HtmlReader(options).ReadAsync(bytes, fileName, null, cancellationToken).GetAwaiter().GetResult().Sections;
            }
            catch (DocumentReadException empty) when (empty.HasNoText)
            {
                return [];
            }
        }

        return part.ContentType.StartsWith("text/plain", StringComparison.OrdinalIgnoreCase)
            ? [new TextSection(TextDecoding.Decode(bytes, fileName))]
            : [];
    }

    /// <summary>
    /// Headers, footers, footnotes, endnotes and comments, each kind as a section of its own
    /// (a header repeated by several sections of the document is kept once).
    /// </summary>
    private static IEnumerable<TextSection> Notes(MainDocumentPart main, CancellationToken cancellationToken)
    {
        IEnumerable<(string Heading, IEnumerable<Paragraph> Paragraphs)> parts =
        [
            ("Header", main.HeaderParts.SelectMany(h => h.Header?.Descendants<Paragraph>() ?? [])),
            ("Footer", main.FooterParts.SelectMany(f => f.Footer?.Descendants<Paragraph>() ?? [])),
            ("Footnotes", main.FootnotesPart?.Footnotes?.Elements<Footnote>()
                .Where(n => n.Type is null || n.Type.Value == FootnoteEndnoteValues.Normal)
                .SelectMany(n => n.Descendants<Paragraph>()) ?? []),
            ("Endnotes", main.EndnotesPart?.Endnotes?.Elements<Endnote>()
                .Where(n => n.Type is null || n.Type.Value == FootnoteEndnoteValues.Normal)
                .SelectMany(n => n.Descendants<Paragraph>()) ?? []),
            ("Comments", main.WordprocessingCommentsPart?.Comments?.Descendants<Paragraph>() ?? []),
        ];
        foreach (var (heading, paragraphs) in parts)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var lines = paragraphs.Select(p => ParagraphText(p).Trim()).Where(t => t.Length > 0).Distinct().ToList();
            if (lines.Count > 0)
            {
                yield return new TextSection(string.Join("\n\n", lines), heading);
            }
        }
    }

    /// <summary>
    /// A paragraph's visible text: runs' text, tabs and breaks; not field codes (<c>w:instrText</c>:
    /// "TOC \h \z", "PAGEREF _Toc…"), deleted text, or the position numbers and names of drawings,
    /// whose text boxes are read as lines of their own.
    /// </summary>
    internal static string ParagraphText(OpenXmlElement paragraph)
    {
        var text = new StringBuilder();
        var pending = new Stack<OpenXmlElement>(paragraph.ChildElements.Reverse());
        while (pending.TryPop(out var element))
        {
            switch (element)
            {
                case Text t:
                    text.Append(t.Text);
                    break;
                case TabChar or PositionalTab:
                    text.Append(' ');
                    break;
                case Break or CarriageReturn:
                    text.Append('\n');
                    break;
                case NoBreakHyphen:
                    text.Append('-');
                    break;
                case FieldCode or DeletedText or DeletedFieldCode:
                    break;
                case AlternateContent when element.FirstChild is { } choice:
                    pending.Push(choice); // the fallback repeats the same content for older readers
                    break;
                case Drawing or Picture:
                    foreach (var box in element.Descendants<TextBoxContent>())
                    {
                        text.Append('\n').AppendJoin('\n', box.Elements<Paragraph>().Select(ParagraphText)).Append('\n');
                    }

                    break;
                case OpenXmlLeafTextElement:
                    break; // any other text-bearing leaf (positions, names, instructions) is not visible text
                default:
                    foreach (var child in element.ChildElements.Reverse())
                    {
                        pending.Push(child);
                    }

                    break;
            }
        }

        return text.ToString();
    }

    /// <summary>A table cell's paragraphs, separated by spaces (not run together).</summary>
    private static string CellText(TableCell cell) =>
        string.Join(' ', cell.Descendants<Paragraph>().Select(p => ParagraphText(p).Trim()).Where(t => t.Length > 0));

    /// <summary>
    /// The body's paragraphs and tables in document order, including those inside content controls
    /// and custom XML blocks (nested as deep as <see cref="DocumentOptions.MaxNestingDepth"/> allows;
    /// walked with a stack, not recursion).
    /// </summary>
    private static IEnumerable<OpenXmlElement> Blocks(Body body)
    {
        var pending = new Stack<OpenXmlElement>(body.ChildElements.Reverse());
        while (pending.TryPop(out var element))
        {
            if (element is SdtBlock or SdtContentBlock or CustomXmlBlock)
            {
                foreach (var child in element.ChildElements.Reverse())
                {
                    pending.Push(child);
                }
            }
            else
            {
                yield return element;
            }
        }
    }

    private static bool IsHeading(Paragraph paragraph)
    {
        var style = paragraph.ParagraphProperties?.ParagraphStyleId?.Val?.Value ?? "";
        return style.StartsWith("Heading", StringComparison.OrdinalIgnoreCase)
            || style.Equals("Title", StringComparison.OrdinalIgnoreCase)
            || paragraph.ParagraphProperties?.OutlineLevel is not null;
    }
}
