using System.Net;
using System.Text;
using DocChat.Web.Data.Entities;
using DocChat.Web.Infrastructure;
using DocChat.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace DocChat.Web.Tests.Controllers;

public sealed class DocumentsControllerTests() : SignedInTest(new Dictionary<string, string?> { ["DocChat:Documents:MaxFileBytes"] = "4096" })
{
    private const string Handbook = """
        # Employee handbook

        Vacation requests go to your manager two weeks in advance. Unused vacation days carry over to the next year.

        The office opens at eight in the morning. Visitors sign in at the front desk.
        """;

    [Fact]
    public async Task Get_Documents_WithNone_ShowsTheEmptyStateAndTheUploadForm()
    {
        var page = await Browser.GetAsync("/Documents");

        Assert.NotNull(page.Document.QuerySelector("#no-documents"));
        Assert.Equal("Files", page.Document.QuerySelector("#upload-form input[type=file]")!.GetAttribute("name"));
        Assert.Contains("4 KB each", page.Document.QuerySelector("#upload-form label")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_Upload_StoresTheText_SplitsItIntoIndexedPassagesWithOffsets()
    {
        var uploaded = await Browser.SubmitUploadAsync(ChatActions.TextFile("handbook.md", Handbook));

        Assert.Equal("Uploaded handbook.md: reading now, the status below shows when you can ask about it",
            uploaded.Document.QuerySelector("#status-message")!.TextContent.Trim());
        var page = await Browser.WaitForDocumentsAsync();
        Assert.Equal("ready", page.Document.QuerySelector("#documents .document-status")!.GetAttribute("data-status"));
        Assert.Null(page.Document.QuerySelector("#ingestion-note"));
        var row = Assert.Single(page.Document.QuerySelectorAll("#documents tr.document"));
        Assert.Equal("handbook.md", row.QuerySelector(".document-name")!.TextContent.Trim());
        Assert.Equal($"{Encoding.UTF8.GetByteCount(Handbook)} B", row.QuerySelector(".document-size")!.TextContent.Trim());
        Assert.NotNull(row.QuerySelector("time[datetime]"));

        var document = await Factory.WithDbAsync(db => db.Documents.Include(d => d.Chunks).SingleAsync(d => d.UserId == UserId));
        Assert.Equal(document.ChunkCount.ToString(System.Globalization.CultureInfo.InvariantCulture), row.QuerySelector(".document-chunks")!.TextContent.Trim());
        Assert.Equal("text/markdown", document.ContentType);
        Assert.NotEmpty(document.Chunks);

        // The passages with the white space between them are the text: each starts where the one before and its separator end.
        var passages = document.Chunks.OrderBy(c => c.Ordinal).ToList();
        Assert.All(passages, c => Assert.Equal((c.Length, true), (c.Text.Length, string.IsNullOrWhiteSpace(c.Separator))));
        Assert.All(passages.Zip(passages.Skip(1)), pair => Assert.Equal(pair.First.StartOffset + pair.First.Length + pair.First.Separator.Length, pair.Second.StartOffset));
        Assert.Equal("", passages[^1].Separator);

        var indexed = await Factory.PassagesIndexedForAsync(UserId, "vacation");
        Assert.Contains(indexed, id => document.Chunks.Any(c => c.Id == id));
    }

    [Fact]
    public async Task Post_Upload_SeveralFilesAtOnce_StoresEach()
    {
        var uploaded = await Browser.SubmitUploadAsync(
            ChatActions.TextFile("a.txt", "Alpha document about apples."),
            ChatActions.TextFile("b.md", "Beta document about bananas."));

        Assert.Equal("Uploaded 2 documents: reading now, the status below shows when you can ask about them",
            uploaded.Document.QuerySelector("#status-message")!.TextContent.Trim());
        var page = await Browser.WaitForDocumentsAsync();
        Assert.Equal(["b.md", "a.txt"], page.Texts("#documents .document-name").Order().Reverse());
        Assert.Equal(["ready", "ready"], page.Document.QuerySelectorAll("#documents .document-status").Select(c => c.GetAttribute("data-status")));
    }

    [Theory]
    [InlineData("tool.exe", "MZ binary", "tool.exe: this type of file is not supported. Upload .docx, .htm, .html, .markdown, .md, .pdf, .txt files.")]
    [InlineData("empty.txt", "", "empty.txt is empty.")]
    [InlineData("program.txt", "MZ\0\0binary\0", "program.txt does not contain what its extension says (.txt).")]
    public async Task Post_Upload_BadFile_Answers400WithAClearMessage_AndStoresNothing(string name, string content, string error)
    {
        var response = await Browser.TryUploadAsync(ChatActions.TextFile(name, content), ChatActions.TextFile("good.txt", "A good file."));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await TestBrowser.ParseAsync(response);
        Assert.Equal([error], page.Texts("#upload-errors li"));
        Assert.Equal(0, await Factory.CountAsync<Document>());
        Assert.Equal(0, await Factory.CountAsync<DocumentChunk>());
    }

    [SqliteFact]
    public async Task Post_Upload_WhenTheUploadsFolderCannotBeWritten_Answers503WithAClearPage_StoresNothing_AndRecovers()
    {
        // A file where the folder should be: nothing can be written there, as on a full or read-only disk.
        var folder = Path.Combine(Factory.DataDirectory, "uploads");
        Directory.CreateDirectory(Factory.DataDirectory);
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        await File.WriteAllTextAsync(folder, "in the way");

        var response = await Browser.TryUploadAsync(ChatActions.TextFile("okapis.txt", "Okapis have striped legs."));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(DatabaseUnavailableHandler.Message, (await TestBrowser.ParseAsync(response)).Document.QuerySelector("#database-unavailable")!.TextContent);
        Assert.Equal(0, await Factory.CountAsync<Document>());

        File.Delete(folder);
        var page = await Browser.UploadAsync(ChatActions.TextFile("okapis.txt", "Okapis have striped legs."));
        Assert.Equal("ready", page.Document.QuerySelector("#documents tr.document .document-status")!.GetAttribute("data-status"));
    }

    [Fact]
    public async Task Post_Upload_FileWithNoTextInside_IsAccepted_ThenFailsWithTheReason_AndKeepsNothingOfIt()
    {
        var reason = await Browser.UploadFailingAsync(ChatActions.TextFile("blank.txt", "   \n\n  "));

        Assert.Equal("blank.txt is empty: it has no text to search.", reason);
        var document = await Factory.WithDbAsync(db => db.Documents.SingleAsync());
        Assert.Equal((DocumentStatus.Failed, 0), (document.Status, document.ChunkCount));
        Assert.Equal(0, await Factory.CountAsync<DocumentChunk>());
        Assert.Equal(0, await Factory.WaitingUploadsAsync());
    }

    [Fact]
    public async Task Post_Upload_FileOverTheSizeLimit_Answers400WithTheLimit()
    {
        var response = await Browser.TryUploadAsync(ChatActions.TextFile("big.txt", new string('a', 5000)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["big.txt is larger than the 4 KB limit."], (await TestBrowser.ParseAsync(response)).Texts("#upload-errors li"));
        Assert.Equal(0, await Factory.CountAsync<Document>());
    }

    [Fact]
    public async Task Post_Upload_RequestOverTheTotalLimit_Answers413WithAClearPage()
    {
        // 20 files of 4 KB plus 1 MB of form overhead is the most one request may carry.
        var response = await Browser.TryUploadAsync(ChatActions.TextFile("huge.txt", new string('a', 1_300_000)));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var page = await TestBrowser.ParseAsync(response);
        Assert.Equal("Upload too large", page.Document.QuerySelector("h1")!.TextContent.Trim());
        Assert.Equal(0, await Factory.CountAsync<Document>());
    }

    [Fact]
    public async Task Post_Upload_NoFile_Answers400()
    {
        var response = await Browser.TryUploadAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["Choose at least one file to upload."], (await TestBrowser.ParseAsync(response)).Texts("#upload-errors li"));
    }

    [Fact]
    public async Task Post_Upload_NameWithPathSegments_KeepsOnlyTheFileName()
    {
        var page = await Browser.UploadAsync(ChatActions.TextFile("../../etc/notes.txt", "Some notes."));

        Assert.Equal(["notes.txt"], page.Texts("#documents .document-name"));
    }

    [Fact]
    public async Task Post_Delete_RemovesTheDocumentItsPassagesAndTheirIndexEntries()
    {
        var page = await Browser.UploadAsync(ChatActions.TextFile("handbook.md", Handbook));

        var after = await Browser.SubmitAndFollowAsync(page.Form("#documents .delete-form"));

        Assert.Equal("Document deleted", after.Document.QuerySelector("#status-message")!.TextContent.Trim());
        Assert.NotNull(after.Document.QuerySelector("#no-documents"));
        Assert.Equal(0, await Factory.CountAsync<Document>());
        Assert.True(await Factory.DeletedDocumentsErasedAsync());
        Assert.Equal(0, await Factory.CountAsync<DocumentChunk>());
        var indexed = await Factory.PassagesIndexedForAsync(UserId, "vacation");
        Assert.Empty(indexed);
    }

    [Fact]
    public async Task AnotherUser_NeverSeesSearchesOrDeletesTheDocument()
    {
        var page = await Browser.UploadAsync(ChatActions.TextFile("handbook.md", Handbook));
        var deleteForm = page.Form("#documents .delete-form");

        using var other = Factory.CreateBrowser();
        await other.RegisterAsync();
        var othersList = await other.GetAsync("/Documents");
        Assert.NotNull(othersList.Document.QuerySelector("#no-documents"));

        // Replays the owner's delete form, with the other user's own antiforgery token.
        var token = othersList.AntiforgeryToken("#upload-form");
        var response = await other.Http.PostAsync(deleteForm.GetAttribute("action"),
            new FormUrlEncodedContent([new("__RequestVerificationToken", token)]));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(1, await Factory.CountAsync<Document>());

        var answer = await other.SendAsync("When do vacation requests go to the manager?");
        var text = answer.Texts("article.message[data-role=assistant] .message-content").Single();
        Assert.DoesNotContain("two weeks", text, StringComparison.Ordinal);
        Assert.Empty(answer.Document.QuerySelectorAll(".reference"));
    }
}
