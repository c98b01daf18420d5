using DocChat.Web.Tests.Infrastructure;

namespace DocChat.Web.Tests.Controllers;

/// <summary>
/// A document whose uploaded file is gone by the time it is read (a database restored without its
/// uploads folder, say) fails with a reason the user can act on. One worker, busy with a slow PDF,
/// so the second upload waits in the queue while its file is taken away.
/// </summary>
public sealed class LostUploadTests() : SignedInTest(new Dictionary<string, string?>
{
    ["DocChat:Documents:PdfToTextPath"] = SlowPdfExtractor.Create(pages: 4, delaySeconds: 0.6),
    ["DocChat:Documents:IngestionWorkers"] = "1",
})
{
    [SqliteFact]
    public async Task AQueuedDocumentWhoseFileIsGone_FailsWithTheReason_AndTheOthersAreRead()
    {
        await Browser.SubmitUploadAsync(SampleFiles.Pdf("zebras.pdf", "One", "Two", "Three", "Four"));
        var busy = DateTime.UtcNow.AddSeconds(30);
        while ((await Browser.GetAsync("/Documents")).Document.QuerySelector(".document-status")!.GetAttribute("data-status") != "processing")
        {
            Assert.True(DateTime.UtcNow < busy, "The PDF was never taken up.");
            await Task.Delay(50);
        }

        var waiting = await Browser.SubmitUploadAsync(ChatActions.TextFile("okapis.txt", "Okapis have striped legs."));
        Assert.Contains("queued", waiting.Document.QuerySelectorAll("#documents tr.document .document-status").Select(s => s.GetAttribute("data-status")));
        var files = StoredData.UploadFiles(Factory.DataDirectory);
        Assert.Equal(2, files.Length);
        File.Delete(files.Single(f => File.ReadAllText(f) == "Okapis have striped legs."));

        var page = await Browser.WaitForDocumentsAsync();
        var statuses = page.Document.QuerySelectorAll("#documents tr.document").Select(r => (r.TextContent, r.QuerySelector(".document-status")!.GetAttribute("data-status"))).ToList();
        Assert.Contains(statuses, s => s.TextContent.Contains("zebras.pdf", StringComparison.Ordinal) && s.Item2 == "ready");
        Assert.Contains(statuses, s => s.TextContent.Contains("okapis.txt: the uploaded file is no longer on the server, so it could not be read. Upload it again.", StringComparison.Ordinal) && s.Item2 == "failed");
        Assert.Equal(0, await Factory.WaitingUploadsAsync());
    }
}
