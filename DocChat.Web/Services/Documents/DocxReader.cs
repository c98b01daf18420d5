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

    public bool HasExpectedSignature(ReadOnlySpan<byte> content) => content.StartsWith((ReadOnlySpan<byte>)[0x50, 0x4B, 0x03, 0x04]);

    public Task<ExtractedDocument> ReadAsync(byte[] content, string fileName, CancellationToken cancellationToken)
    {
        CheckContainer(content, fileName, cancellationToken);
        try
        {
            using var document = WordprocessingDocument.Open(new MemoryStream(content, writable: false), isEditable: false);
            var body = document.MainDocumentPart?.Document?.Body
                ?? throw new DocumentReadException($"{fileName} has no document body.");
            return Task.FromResult(TextDecoding.RequireText(new ExtractedDocument(Sections(body)), fileName));
        }
        catch (Exception exception) when (exception is OpenXmlPackageException or InvalidDataException or IOException or System.Xml.XmlException or InvalidOperationException)
        {
            throw new DocumentReadException($"{fileName} could not be read as a Word document (it may be damaged).");
        }
    }

    /// <summary>Counts entries and inflates each one into a discarding buffer, stopping at the limit.</summary>
    private void CheckContainer(byte[] content, string fileName, CancellationToken cancellationToken)
    {
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

            var buffer = new byte[BufferSize];
            long total = 0;
            foreach (var entry in zip.Entries)
            {
                using var stream = entry.Open();
                int read;
                while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
                {
                    total += read;
                    if (total > limits.MaxDocxUncompressedBytes)
                    {
                        throw tooBig;
                    }

                    cancellationToken.ThrowIfCancellationRequested();
                }
            }
        }
        catch (InvalidDataException)
        {
            throw new DocumentReadException($"{fileName} could not be read as a Word document (it may be damaged).");
        }
    }

    private static List<TextSection> Sections(Body body)
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

        foreach (var element in body.ChildElements)
        {
            switch (element)
            {
                case Paragraph paragraph:
                    var paragraphText = paragraph.InnerText.Trim();
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
                case Table table:
                    foreach (var row in table.Elements<TableRow>())
                    {
                        text.AppendJoin(" | ", row.Elements<TableCell>().Select(c => c.InnerText.Trim())).Append('\n');
                    }

                    text.Append('\n');
                    break;
            }
        }

        Flush();
        return sections;
    }

    private static bool IsHeading(Paragraph paragraph)
    {
        var style = paragraph.ParagraphProperties?.ParagraphStyleId?.Val?.Value ?? "";
        return style.StartsWith("Heading", StringComparison.OrdinalIgnoreCase)
            || style.Equals("Title", StringComparison.OrdinalIgnoreCase)
            || paragraph.ParagraphProperties?.OutlineLevel is not null;
    }
}
