using System.Diagnostics;
using System.Net;
using DocChat.Web.Data.Entities;
using DocChat.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace DocChat.Web.Tests.Controllers;

public sealed class DocumentFormatTests() : SignedInTest(new Dictionary<string, string?>
{
    ["DocChat:Documents:MaxDocxUncompressedBytes"] = (20 * 1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture),
    ["DocChat:Documents:MaxDocxEntries"] = "100",
})
{
    [Fact]
    public async Task Html_KeepsVisibleTextUnderItsHeadings_DropsScriptsAndStyles()
    {
        await Browser.UploadAsync(ChatActions.TextFile("page.html", """
            <!DOCTYPE html><html><head><title>Ignored title</title><style>.secret-style { color: red }</style></head>
            <body><script>window.secretScript = 1;</script>
            <h1>Opening hours</h1><p>The library opens at <b>nine</b>.</p>
            <h2>Holidays</h2><ul><li>Closed on Sundays</li><li>Closed in August</li></ul>
            <noscript>secret-noscript</noscript><p hidden>secret-hidden</p>
            </body></html>
            """));

        var document = await StoredDocumentAsync("page.html");
        Assert.Contains("The library opens at nine.", document.StoredText(), StringComparison.Ordinal);
        Assert.Contains("- Closed on Sundays", document.StoredText(), StringComparison.Ordinal);
        Assert.DoesNotContain("secret", document.StoredText(), StringComparison.Ordinal);
        Assert.DoesNotContain("Ignored title", document.StoredText(), StringComparison.Ordinal);
        Assert.Equal(["Opening hours", "Holidays"], document.Chunks.OrderBy(c => c.Ordinal).Select(c => c.Heading));
        Assert.Equal("text/html", document.ContentType);
    }

    [Fact]
    public async Task Docx_KeepsParagraphsHeadingsListsAndTables()
    {
        await Browser.UploadAsync(SampleFiles.Docx("policy.docx"));

        var document = await StoredDocumentAsync("policy.docx");
        Assert.Contains("Trains are preferred over planes for trips under five hours.", document.StoredText(), StringComparison.Ordinal);
        Assert.Contains("- Book through the travel desk.\n- Keep every receipt.", document.StoredText(), StringComparison.Ordinal);
        Assert.Contains("City | Daily allowance\nParis | 95 euros", document.StoredText(), StringComparison.Ordinal);
        Assert.Equal(["Travel policy", "Allowances"], document.Chunks.OrderBy(c => c.Ordinal).Select(c => c.Heading));
    }

    [Fact]
    public async Task Pdf_KeepsTheTextOfEveryPage_WithPageNumbers()
    {
        var page = await Browser.UploadAsync(SampleFiles.Pdf("report.pdf", "Revenue grew in the first quarter", "Costs fell in the second quarter"));

        var document = await StoredDocumentAsync("report.pdf");
        Assert.Equal(2, document.PageCount);
        Assert.Equal(DocumentStatus.Ready, document.Status);
        Assert.Equal([1, 2], document.Chunks.OrderBy(c => c.Ordinal).Select(c => c.PageNumber));
        Assert.Contains("Costs fell in the second quarter", document.Chunks.Single(c => c.PageNumber == 2).Text, StringComparison.Ordinal);

        var row = page.Document.QuerySelector("#documents tr.document")!;
        Assert.Equal("2", row.QuerySelector(".document-pages")!.TextContent.Trim());
        Assert.Equal("ready", row.QuerySelector(".document-status")!.GetAttribute("data-status"));
        Assert.Equal("2", row.QuerySelector(".document-chunks")!.TextContent.Trim());
    }

    [Fact]
    public async Task Pdf_InANonEmbeddedChineseFont_IsRead()
    {
        // Needs poppler-data (test.sh installs it): without its character maps pdftotext finds no text.
        await Browser.UploadAsync(SampleFiles.ChinesePdf("chinese.pdf", "中文文档测试"));

        var document = await StoredDocumentAsync("chinese.pdf");
        Assert.Equal(DocumentStatus.Ready, document.Status);
        Assert.Contains("中文文档测试", document.StoredText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Markdown_IsCutIntoSectionsAtItsHeadings()
    {
        await Browser.UploadAsync(ChatActions.TextFile("notes.md", "# Setup\n\nInstall it.\n\n```\n# not a heading\n```\n\n## Usage\n\nRun it."));

        var document = await StoredDocumentAsync("notes.md");
        Assert.Equal(["Setup", "Usage"], document.Chunks.OrderBy(c => c.Ordinal).Select(c => c.Heading));
    }

    [Theory]
    [InlineData("fake.pdf", "just some text", "fake.pdf does not contain what its extension says (.pdf).")]
    [InlineData("fake.docx", "just some text", "fake.docx does not contain what its extension says (.docx).")]
    [InlineData("fake.html", "%PDF-1.7 trailer", "fake.html does not contain what its extension says (.html).")]
    [InlineData("broken.docx", "PK\u0003\u0004 not really a zip", "broken.docx could not be read as a Word document (it may be damaged).")]
    public async Task ContentNotMatchingItsExtension_OrUnreadable_IsRefusedWith400(string name, string content, string error) =>
        await AssertRefusedAsync(ChatActions.TextFile(name, content), error);

    [Fact]
    public async Task DamagedPdf_FailsWithTheReason() =>
        Assert.Equal(
            "broken.pdf could not be read as a PDF (it may be damaged).",
            await Browser.UploadFailingAsync(ChatActions.TextFile("broken.pdf", "%PDF-1.4 nothing else")));

    [Fact]
    public async Task PasswordProtectedPdf_FailsWithTheReason() =>
        Assert.Equal(
            "protected.pdf is password-protected. Remove the password and upload it again.",
            await Browser.UploadFailingAsync(SampleFiles.ProtectedPdf()));

    [Fact]
    public async Task PdfWithoutText_FailsWithTheReason() =>
        Assert.Equal(
            "scan.pdf has no text to search: it has no text layer, and OCR recognised no text on its pages.",
            await Browser.UploadFailingAsync(SampleFiles.Pdf("scan.pdf", "")));

    [Fact]
    public async Task DocxThatInflatesPastTheLimit_IsRefusedQuickly_WithoutInflatingIt()
    {
        var bomb = SampleFiles.ZipBomb("bomb.docx", 100L * 1024 * 1024);
        Assert.True(bomb.Content.Length < 200 * 1024, $"The sample should be small; it is {bomb.Content.Length} bytes.");

        var timer = Stopwatch.StartNew();
        await AssertRefusedAsync(bomb, "bomb.docx is refused: its contents would unpack to more than 20 MB.");

        // Generous: the point is seconds, not the minutes a full inflate-and-parse would take.
        Assert.True(timer.Elapsed < TimeSpan.FromSeconds(20), $"Refusing took {timer.Elapsed}.");
    }

    [Fact]
    public async Task PasswordProtectedDocx_IsRefusedWithAPasswordMessage() =>
        await AssertRefusedAsync(
            SampleFiles.CompoundFile("secret.docx", encrypted: true),
            "secret.docx is password-protected. Remove the password in Word (File, Info, Protect Document) and upload it again.");

    [Fact]
    public async Task OldWordFileNamedDocx_IsRefusedAsNotWhatItsExtensionSays() =>
        await AssertRefusedAsync(
            SampleFiles.CompoundFile("old.docx", encrypted: false),
            "old.docx does not contain what its extension says (.docx).");

    [Fact]
    public async Task DocxWithTooManyParts_IsRefused() =>
        await AssertRefusedAsync(SampleFiles.ManyEntries("parts.docx", 101), "parts.docx is refused: it holds more than 100 parts.");

    [Fact]
    public async Task SameBytesUploadedAgain_AreRecognised_AndNotIndexedTwice()
    {
        await Browser.UploadAsync(ChatActions.TextFile("a.txt", "Unique content about zebras."));

        var page = await Browser.SubmitUploadAsync(ChatActions.TextFile("copy-of-a.txt", "Unique content about zebras."));

        Assert.Equal("Already in your documents, not indexed again: copy-of-a.txt (same as a.txt)",
            page.Document.QuerySelector("#status-message")!.TextContent.Trim());
        Assert.Equal(1, await Factory.CountAsync<Document>());
        Assert.Equal(1, await Factory.CountAsync<DocumentChunk>());
    }

    [Fact]
    public async Task SameBytesOfAnotherUser_AreTheirOwnDocument()
    {
        await Browser.UploadAsync(ChatActions.TextFile("a.txt", "Shared content about zebras."));
        using var other = Factory.CreateBrowser();
        await other.RegisterAsync();

        await other.UploadAsync(ChatActions.TextFile("a.txt", "Shared content about zebras."));

        Assert.Equal(2, await Factory.CountAsync<Document>());
    }

    [Fact]
    public async Task IndexingFailure_LeavesTheDocumentMarkedFailed_WithTheReason_AndNoPassages()
    {
        await Factory.BreakPassageStorageAsync();

        var reason = await Browser.UploadFailingAsync(ChatActions.TextFile("notes.txt", "Some notes to index."));

        Assert.Equal("Indexing failed on the server. Delete the document and upload it again.", reason);
        var document = await StoredDocumentAsync("notes.txt");
        Assert.Equal((DocumentStatus.Failed, 0), (document.Status, document.ChunkCount));
        Assert.Empty(document.Chunks);
    }

    private async Task AssertRefusedAsync(UploadFile file, string error)
    {
        var response = await Browser.TryUploadAsync(file);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal([error], (await TestBrowser.ParseAsync(response)).Texts("#upload-errors li"));
        Assert.Equal(0, await Factory.CountAsync<Document>());
        Assert.Equal(0, await Factory.CountAsync<DocumentChunk>());
    }

    private Task<Document> StoredDocumentAsync(string name) =>
        Factory.WithDbAsync(db => db.Documents.Include(d => d.Chunks).SingleAsync(d => d.FileName == name));

    [Fact]
    public async Task LegacyEncodedFiles_AreReadAsWritten_AndAnswerInTheirLanguage()
    {
        System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);
        var html = "<html><head><meta charset=\"windows-1251\"><title>Москва</title></head><body><p>Москва стоит на реке Москве. В городе много театров.</p></body></html>";
        var dos = "Санкт-Петербург стоит на реке Неве.\r\nВ городе много мостов и каналов.";

        var page = await Browser.UploadAsync(
            new UploadFile("moscow.html", System.Text.Encoding.GetEncoding(1251).GetBytes(html), "text/html"),
            new UploadFile("piter.txt", System.Text.Encoding.GetEncoding(866).GetBytes(dos), "text/plain"));

        Assert.Equal(["ready", "ready"], page.Document.QuerySelectorAll("#documents .document-status").Select(s => s.GetAttribute("data-status")));
        var answer = await Browser.SendAsync("Где много мостов?");
        Assert.Contains("В городе много мостов и каналов.", answer.Document.QuerySelectorAll("#messages article.message[data-role=assistant]").Last().TextContent, StringComparison.Ordinal);
        answer = await Browser.SendAsync("На какой реке стоит Москва?");
        Assert.Contains("Москва стоит на реке Москве.", answer.Document.QuerySelectorAll("#messages article.message[data-role=assistant]").Last().TextContent, StringComparison.Ordinal);
    }
}
