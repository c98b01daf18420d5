using System.Text.RegularExpressions;
using DocChat.Web.Data.Entities;
using DocChat.Web.Services.Answering;
using DocChat.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace DocChat.Web.Tests.Controllers;

/// <summary>
/// Uploads are read in the background. The PDF extractor here writes one page every 0.6 s, so a
/// four-page document can be watched (and deleted) while it is being read.
/// </summary>
public sealed class BackgroundIngestionTests() : SignedInTest(new Dictionary<string, string?>
{
    ["DocChat:Documents:PdfToTextPath"] = SlowPdfExtractor.Create(pages: 4, delaySeconds: 0.6),
})
{
    private static readonly UploadFile FourPages = SampleFiles.Pdf("zebras.pdf", "One", "Two", "Three", "Four");

    [Fact]
    public async Task Upload_AnswersWithTheDocumentQueued_ThenShowsThePagesRead_ThenIsReady()
    {
        var uploaded = await Browser.SubmitUploadAsync(FourPages);

        // The request came back before the document was read: it shows it waiting or under way.
        var row = uploaded.Document.QuerySelector("#documents tr.document")!;
        Assert.Contains(row.QuerySelector(".document-status")!.GetAttribute("data-status"), new[] { "queued", "processing" });
        Assert.NotNull(row.QuerySelector("progress.document-progress"));
        Assert.Equal("true", uploaded.Document.QuerySelector("#documents")!.GetAttribute("data-in-progress"));
        Assert.NotNull(uploaded.Document.QuerySelector("#ingestion-note a[href='/Documents']"));

        var (progressText, percent) = await ProgressWhileReadingAsync();
        Assert.Matches(new Regex("^Reading page [1-3] of 4$"), progressText);
        Assert.InRange(percent, 1, 49);

        // Its bytes wait until it is read: on SQLite as a file, not in the database.
        Assert.Equal(1, await Factory.WaitingUploadsAsync());
        if (Factory.PostgresDatabase is null)
        {
            Assert.Equal(FourPages.Content, await File.ReadAllBytesAsync(Assert.Single(StoredData.UploadFiles(Factory.DataDirectory))));
            Assert.Equal(0, await Factory.CountAsync<DocumentUpload>());
        }

        // A question asked meanwhile is told why there is nothing to answer from yet.
        var chat = await Browser.SendAsync("zebras");
        Assert.Equal(AnswerService.StillReadingText, chat.Document.QuerySelectorAll("article.message[data-role=assistant] .message-content").Last().TextContent.Trim());

        var page = await Browser.WaitForDocumentsAsync();
        var done = page.Document.QuerySelector("#documents tr.document")!;
        Assert.Equal("ready", done.QuerySelector(".document-status")!.GetAttribute("data-status"));
        Assert.Equal("4", done.QuerySelector(".document-pages")!.TextContent.Trim());
        Assert.Null(done.QuerySelector("progress"));
        var document = await Factory.WithDbAsync(db => db.Documents.AsNoTracking().SingleAsync());
        Assert.Equal((DocumentStatus.Ready, 4, (int?)null, (int?)null, (Guid?)null), (document.Status, document.PageCount, document.PagesRead, document.PassagesIndexed, document.LeaseId));
        Assert.Equal(0, await Factory.WaitingUploadsAsync());
    }

    [Fact]
    public async Task Deleting_ADocumentWhileItIsRead_StopsTheWork_AndLeavesNothingOfIt()
    {
        await Browser.SubmitUploadAsync(FourPages);
        await ProgressWhileReadingAsync();

        var documents = await Browser.GetAsync("/Documents");
        await Browser.SubmitAndFollowAsync(documents.Form("#documents .delete-form"));

        // The extractor would finish about 2.4 s after the upload; give the ingestion time to try.
        await Task.Delay(TimeSpan.FromSeconds(3));
        var page = await Browser.GetAsync("/Documents");
        Assert.NotNull(page.Document.QuerySelector("#no-documents"));
        Assert.Equal(0, await Factory.CountAsync<Document>());
        Assert.Equal(0, await Factory.CountAsync<DocumentChunk>());
        Assert.Equal(0, await Factory.WaitingUploadsAsync());
    }

    [Fact]
    public async Task TwoUploads_AreReadSideBySide_AndBothBecomeReady()
    {
        await Browser.SubmitUploadAsync(FourPages, SampleFiles.Pdf("okapis.pdf", "Five", "Six", "Seven", "Eight"));

        // Both show pages being read at the same moment: the second did not wait for the first
        // (each takes 2.4 s to read; one worker would leave the second queued until then).
        var deadline = DateTime.UtcNow.AddSeconds(30);
        var readingAtOnce = 0;
        while (readingAtOnce < 2 && DateTime.UtcNow < deadline)
        {
            var page = await Browser.GetAsync("/Documents");
            readingAtOnce = page.Document.QuerySelectorAll(".document-progress-text")
                .Count(p => p.TextContent.Trim().StartsWith("Reading page", StringComparison.Ordinal));
            await Task.Delay(100);
        }

        Assert.Equal(2, readingAtOnce);
        var done = await Browser.WaitForDocumentsAsync();
        Assert.Equal(["ready", "ready"], done.Document.QuerySelectorAll("#documents tr.document .document-status").Select(s => s.GetAttribute("data-status")));
        Assert.Equal(8, await Factory.CountAsync<DocumentChunk>());
    }

    /// <summary>Reloads the documents page until it shows pages being read; returns what it said.</summary>
    private async Task<(string Text, int Percent)> ProgressWhileReadingAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            var page = await Browser.GetAsync("/Documents");
            var text = page.Document.QuerySelector(".document-progress-text")?.TextContent.Trim();
            if (text?.StartsWith("Reading page", StringComparison.Ordinal) == true)
            {
                var percent = int.Parse(page.Document.QuerySelector("progress.document-progress")!.GetAttribute("value")!, System.Globalization.CultureInfo.InvariantCulture);
                return (text, percent);
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("The document never showed pages being read.");
    }
}
