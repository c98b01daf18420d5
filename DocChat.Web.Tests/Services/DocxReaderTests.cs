using DocChat.Web.Options;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using DocChat.Web.Services.Documents;
using DocChat.Web.Tests.Infrastructure;

namespace DocChat.Web.Tests.Services;

public sealed class DocxReaderTests
{
    [Fact]
    public async Task ZipBomb_IsRefusedBeforeParsing_WithoutHoldingWhatItInflatesTo()
    {
        var reader = new DocxReader(Microsoft.Extensions.Options.Options.Create(new DocumentOptions { MaxDocxUncompressedBytes = 20 * 1024 * 1024 }));
        var bomb = SampleFiles.ZipBomb("bomb.docx", 100L * 1024 * 1024);

        // The container check runs synchronously on this thread, so this thread's allocations are its cost.
        var before = GC.GetAllocatedBytesForCurrentThread();
        var refused = await Assert.ThrowsAsync<DocumentReadException>(() => reader.ReadAsync(bomb.Content, "bomb.docx", null, CancellationToken.None));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal("bomb.docx is refused: its contents would unpack to more than 20 MB.", refused.Message);
        Assert.True(allocated < 5L * 1024 * 1024, $"Refusing allocated {allocated / 1024} KB.");
    }

    private const string W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

    [Fact]
    public async Task VisibleTextOnly_FieldCodesAndDrawingPositionsLeftOut_TextBoxesTablesAndNotesRead()
    {
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            main.Document = new Document(new Body(
                new Paragraph($"""
                    <w:p xmlns:w="{W}"><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> TOC \h \z \c "Table" </w:instrText></w:r>
                    <w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>Contents of the report</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>
                    """),
                new Paragraph($"""
                    <w:p xmlns:w="{W}" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">
                      <w:r><w:t xml:space="preserve">Before the box. </w:t></w:r>
                      <w:r><w:drawing><wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="1" behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1">
                        <wp:simplePos x="0" y="0"/><wp:positionH relativeFrom="column"><wp:align>center</wp:align></wp:positionH><wp:positionV relativeFrom="paragraph"><wp:posOffset>182880</wp:posOffset></wp:positionV>
                        <wp:extent cx="100" cy="100"/><wp:wrapNone/><wp:docPr id="1" name="Text Box 1"/>
                        <a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp><wps:txbx>
                          <w:txbxContent><w:p><w:r><w:t>This is a text box</w:t></w:r></w:p></w:txbxContent>
                        </wps:txbx><wps:bodyPr/></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></w:r></w:p>
                    """),
                new Table(new TableRow(
                    new TableCell(new Paragraph(new Run(new Text("Big"))), new Paragraph(new Run(new Text("Company")))),
                    new TableCell(new Paragraph(new Run(new Text("other"))))))));
            var header = main.AddNewPart<HeaderPart>();
            header.Header = new Header(new Paragraph(new Run(new Text("Confidential draft"))));
            var footer = main.AddNewPart<FooterPart>();
            footer.Footer = new Footer(new Paragraph(new Run(new Text("Printed by the finance team"))));
            var footnotes = main.AddNewPart<FootnotesPart>();
            footnotes.Footnotes = new Footnotes(
                new Footnote(new Paragraph(new Run(new SeparatorMark()))) { Type = FootnoteEndnoteValues.Separator, Id = -1 },
                new Footnote(new Paragraph(new Run(new Text("Source: the 2024 audit.")))) { Id = 1 });
            var endnotes = main.AddNewPart<EndnotesPart>();
            endnotes.Endnotes = new Endnotes(new Endnote(new Paragraph(new Run(new Text("See also the appendix.")))) { Id = 1 });
            var comments = main.AddNewPart<WordprocessingCommentsPart>();
            comments.Comments = new Comments(new Comment(new Paragraph(new Run(new Text("Check these numbers.")))) { Id = "1", Author = "Ann" });
        }

        var reader = new DocxReader(Microsoft.Extensions.Options.Options.Create(new DocumentOptions()));
        var read = await reader.ReadAsync(stream.ToArray(), "report.docx", null, CancellationToken.None);
        var all = string.Join("\n", read.Sections.Select(s => s.Text));

        Assert.DoesNotContain("TOC", all, StringComparison.Ordinal);
        Assert.DoesNotContain("182880", all, StringComparison.Ordinal);
        Assert.DoesNotContain("center", all, StringComparison.Ordinal);
        Assert.Contains("Contents of the report", all, StringComparison.Ordinal);
        Assert.Contains("Before the box.", all, StringComparison.Ordinal);
        Assert.Contains("\nThis is a text box", all, StringComparison.Ordinal);
        Assert.Contains("Big Company | other", all, StringComparison.Ordinal);
        Assert.Equal("Confidential draft", Assert.Single(read.Sections, s => s.Heading == "Header").Text);
        Assert.Equal("Printed by the finance team", Assert.Single(read.Sections, s => s.Heading == "Footer").Text);
        Assert.Equal("Source: the 2024 audit.", Assert.Single(read.Sections, s => s.Heading == "Footnotes").Text);
        Assert.Equal("See also the appendix.", Assert.Single(read.Sections, s => s.Heading == "Endnotes").Text);
        Assert.Equal("Check these numbers.", Assert.Single(read.Sections, s => s.Heading == "Comments").Text);
    }

    [Fact]
    public async Task AltChunkHtml_IsReadWhereItStands()
    {
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            var part = main.AddAlternativeFormatImportPart(AlternativeFormatImportPartType.Html, "altChunkId1");
            using (var html = new StreamWriter(part.GetStream(FileMode.Create, FileAccess.Write)))
            {
                html.Write("<html><body><h2>Pasted section</h2><p>Imported <b>HTML</b> paragraph.</p><script>var hidden = 1;</script></body></html>");
            }

            main.Document = new Document(new Body(
                new Paragraph(new Run(new Text("Before the import."))),
                new AltChunk { Id = "altChunkId1" },
                new Paragraph(new Run(new Text("After the import.")))));
        }

        var reader = new DocxReader(Microsoft.Extensions.Options.Options.Create(new DocumentOptions()));
        var read = await reader.ReadAsync(stream.ToArray(), "pasted.docx", null, CancellationToken.None);
        var texts = read.Sections.Select(s => s.Text).ToList();

        var before = texts.FindIndex(t => t.Contains("Before the import.", StringComparison.Ordinal));
        var imported = texts.FindIndex(t => t.Contains("Imported HTML paragraph.", StringComparison.Ordinal));
        var after = texts.FindIndex(t => t.Contains("After the import.", StringComparison.Ordinal));
        Assert.True(before >= 0 && before < imported && imported < after, string.Join(" / ", texts));
        Assert.Equal("Pasted section", read.Sections[imported].Heading);
        Assert.DoesNotContain(texts, t => t.Contains("hidden", StringComparison.Ordinal));
    }
}
