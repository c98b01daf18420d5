using System.Text;
using DocChat.Web.Services.Documents;
using DocChat.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DocChat.Web.Tests.Controllers;

/// <summary>
/// After large documents the ingestion hands its memory back to the system with a full, compacting
/// collection, which stops every thread. It waits until no worker is still at work: here one
/// worker reads a slow PDF (six pages, one a second) while the other reads and stores a large text file.
/// </summary>
public sealed class IngestionMemoryTests() : SignedInTest(
    new Dictionary<string, string?>
    {
        ["DocChat:Documents:PdfToTextPath"] = SlowPdfExtractor.Create(pages: 6, delaySeconds: 1),
        ["Logging:LogLevel:" + typeof(DocumentIngestion).FullName] = "Debug",
    },
    services => services.AddSingleton<ILoggerProvider>(Capture))
{
    private static readonly CapturingLoggerProvider Capture = new();

    private const string HandedBack = "Returned memory after reading large documents";

    [Fact]
    public async Task MemoryIsHandedBack_OnceTheLastWorkerIsDone_NotWhileAnotherStillReads()
    {
        await Browser.SubmitUploadAsync(SampleFiles.Pdf("slow.pdf", "One", "Two", "Three", "Four", "Five", "Six"));
        await WaitForStatusAsync("slow.pdf", "processing");

        // Over the 2 MB from which a document counts as large.
        var sentences = string.Join(' ', Enumerable.Range(0, 50_000).Select(i => $"Sentence {i} is about okapis in the forest."));
        Assert.True(Encoding.UTF8.GetByteCount(sentences) > 2 * 1024 * 1024);
        await Browser.SubmitUploadAsync(ChatActions.TextFile("large.txt", sentences));
        await WaitForStatusAsync("large.txt", "ready");

        // The worker that stored the text has run out of work; the other still reads the PDF.
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal("processing", await StatusAsync("slow.pdf"));
        Assert.DoesNotContain(Capture.Events, e => e.Message == HandedBack);

        await Browser.WaitForDocumentsAsync();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!Capture.Events.Any(e => e.Message == HandedBack) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.Single(Capture.Events, e => e.Message == HandedBack);
    }

    private async Task<string?> StatusAsync(string fileName)
    {
        var page = await Browser.GetAsync("/Documents");
        return page.Document.QuerySelectorAll("#documents tr.document")
            .SingleOrDefault(row => row.QuerySelector(".document-name")!.TextContent.Trim() == fileName)
            ?.QuerySelector(".document-status")!.GetAttribute("data-status");
    }

    private async Task WaitForStatusAsync(string fileName, string status)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await StatusAsync(fileName) != status)
        {
            Assert.True(DateTime.UtcNow < deadline, $"{fileName} never showed {status}.");
            await Task.Delay(100);
        }
    }
}
