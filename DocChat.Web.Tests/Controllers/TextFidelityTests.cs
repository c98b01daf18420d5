using DocChat.Web.Data.Entities;
using DocChat.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace DocChat.Web.Tests.Controllers;

/// <summary>
/// Text as the document says it (issue 10, items 2-4): unreadable text layers, OCR of scans,
/// running headers and hyphenation in PDFs, compatibility forms folded for search. Needs
/// poppler-utils and tesseract-ocr (test.sh installs both).
/// </summary>
public sealed class TextFidelityTests : SignedInTest
{
    [Fact]
    public async Task ScannedPdf_IsReadByOcr_AndTheDocumentSaysWhichPages()
    {
        var page = await Browser.UploadAsync(SampleFiles.ScannedPdf("scan.pdf", "The harbour master inspects every vessel at dawn"));

        var row = page.Document.QuerySelector("#documents tr.document")!;
        Assert.Equal("ready", row.QuerySelector(".document-status")!.GetAttribute("data-status"));
        Assert.Equal("Recognised by OCR: page 1", row.QuerySelector(".document-ocr")!.TextContent.Trim());
        var answer = await Browser.SendAsync("Who inspects every vessel?");
        Assert.Contains("harbour master inspects every vessel", LastAnswer(answer), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task UnreadableTextLayer_IsRecognisedByOcr_NotStoredAsIs()
    {
        await Browser.UploadAsync(SampleFiles.PdfWithUnreadableTextLayer("garbled.pdf", "Lighthouses guide ships at night", "Ferries cross the bay hourly"));

        var document = await StoredDocumentAsync("garbled.pdf");
        Assert.Equal(DocumentStatus.Ready, document.Status);
        Assert.Equal("1", document.OcrPages);
        Assert.Null(document.UnreadablePages);
        Assert.Contains("Lighthouses guide ships at night", document.StoredText(), StringComparison.Ordinal);
        Assert.DoesNotContain(document.StoredText(), c => c is >= '\uE000' and <= '\uF8FF');
    }

    [Fact]
    public async Task RunningHeadersAndFooters_AreNotPartOfPassages_AndHyphenatedWordsAreWhole()
    {
        string[] topics = ["Tides rise twice a day", "Gulls nest on the cliffs", "Seals rest on the rocks", "Crabs hide under stones"];
        var pages = topics.Select((topic, i) =>
            $"Coastal Survey draft printed 2/1{i}/04 3:5{i} PM page {i + 1}. {topic}. The warden dis-. cussed it with a well-. known expert on {topic.Split(' ')[0].ToLowerInvariant()}. Page {i + 1} of 4").ToArray();
        pages[0] += ". Everyone calls her a well-known expert";

        await Browser.UploadAsync(SampleFiles.Pdf("survey.pdf", pages));

        var document = await StoredDocumentAsync("survey.pdf");
        Assert.All(document.Chunks, chunk =>
        {
            Assert.DoesNotContain("Coastal Survey draft", chunk.Text, StringComparison.Ordinal);
            Assert.DoesNotContain("of 4", chunk.Text, StringComparison.Ordinal);
            Assert.Contains("The warden discussed it with a well-known expert", chunk.Text.ReplaceLineEndings(" "), StringComparison.Ordinal);
        });
        Assert.Contains("Seals rest on the rocks", document.Chunks.Single(c => c.PageNumber == 3).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LigaturesAndPresentationForms_AreFoldedForSearch()
    {
        await Browser.UploadAsync(ChatActions.TextFile("notes.txt", "The \uFB01nance o\uFB03ce closes at noon.\n\n\u202B\uFE8D\uFEDF\uFEA8\uFEC4\uFEEE\uFEC1 \uFE8D\uFEDF\uFECC\uFEAE\uFE91\uFEF4\uFE94\u202C"));

        var answer = await Browser.SendAsync("When does the finance office close?");
        Assert.Contains("The finance office closes at noon.", LastAnswer(answer), StringComparison.Ordinal);
        answer = await Browser.SendAsync("الخطوط");
        Assert.Contains("الخطوط العربية", LastAnswer(answer), StringComparison.Ordinal);
    }

    private static string LastAnswer(Page page) =>
        page.Document.QuerySelectorAll("#messages article.message[data-role=assistant]").Last().TextContent;

    private Task<Document> StoredDocumentAsync(string name) =>
        Factory.WithDbAsync(db => db.Documents.Include(d => d.Chunks).SingleAsync(d => d.FileName == name));
}

/// <summary>With OCR turned off, unreadable pages are left out and counted, and a PDF with no readable page fails with the reason.</summary>
public sealed class UnreadableTextWithoutOcrTests() : SignedInTest(new Dictionary<string, string?> { ["DocChat:Documents:OcrMaxPages"] = "0" })
{
    [Fact]
    public async Task UnreadablePage_IsLeftOutAndCounted()
    {
        var page = await Browser.UploadAsync(SampleFiles.PdfWithUnreadableTextLayer("garbled.pdf", "Lighthouses guide ships at night", "Ferries cross the bay hourly"));

        var row = page.Document.QuerySelector("#documents tr.document")!;
        Assert.Equal("ready", row.QuerySelector(".document-status")!.GetAttribute("data-status"));
        Assert.Equal("1 page left out: unreadable text", row.QuerySelector(".document-unreadable")!.TextContent.Trim());
        var passages = await Factory.WithDbAsync(db => db.DocumentChunks.Where(c => c.Document!.FileName == "garbled.pdf").OrderBy(c => c.Ordinal).ToListAsync());
        Assert.Equal("Ferries cross the bay hourly", string.Concat(passages.Select(c => c.Text + c.Separator)));
    }

    [Fact]
    public async Task PdfWithOnlyAnUnreadableTextLayer_Fails() =>
        Assert.Equal(
            "garbled.pdf was not added: the text layer of this PDF is unreadable (its fonts do not say which letters they draw), and OCR could not recognise its pages.",
            await Browser.UploadFailingAsync(SampleFiles.PdfWithUnreadableTextLayer("garbled.pdf", "Lighthouses guide ships at night", "\\000")));

    [Fact]
    public async Task Scan_WithoutOcr_SaysSo() =>
        Assert.Equal(
            "scan.pdf has no text to search (it may be a scan of images, and OCR is not installed on this server).",
            await Browser.UploadFailingAsync(SampleFiles.ScannedPdf("scan.pdf", "Nothing to see")));
}
