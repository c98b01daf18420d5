using DocChat.Web.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace DocChat.Web.Tests.Reliability;

/// <summary>
/// Queued work survives the app: a document being read when the server stops (in order, or
/// killed) is read to the end by the next start, from the uploaded bytes kept in the data folder.
/// </summary>
[Collection(ReliabilityCollection.Name)]
[Trait("Category", "Reliability")]
public sealed class IngestionRestartTests : IDisposable
{
    private readonly string dataDirectory = Directory.CreateTempSubdirectory("docchat-ingestion-").FullName;

    // Slow enough to stop the server in the middle; the lease is short so a killed server's
    // document is taken over within seconds.
    private readonly Dictionary<string, string> slow = new()
    {
        ["DocChat:Documents:PdfToTextPath"] = SlowPdfExtractor.Create(pages: 20, delaySeconds: 0.5),
        ["DocChat:Documents:IngestionLeaseSeconds"] = "2",
    };

    private readonly Dictionary<string, string> normal = new() { ["DocChat:Documents:IngestionLeaseSeconds"] = "2" };

    [Fact]
    public async Task StoppedInOrder_WhileReading_TheDocumentGoesBackToTheQueue_AndTheNextStartReadsIt()
    {
        var email = await UploadAndStopWhileReadingAsync(server => server.StopGracefullyAsync());

        Assert.Equal(("Queued", 1L), StoredState());
        await AssertReadAfterRestartAsync(email);
    }

    [Fact]
    public async Task KilledWhileReading_TheNextStartTakesTheDocumentOver_WhenItsLeaseRunsOut()
    {
        var email = await UploadAndStopWhileReadingAsync(server =>
        {
            server.Kill();
            return Task.CompletedTask;
        });

        Assert.Equal(("Processing", 1L), StoredState());
        await AssertReadAfterRestartAsync(email);
    }

    [Fact]
    public async Task StoppedInOrder_WithTheUploadInTheDatabase_AsEarlierVersionsKeptIt_TheNextStartMovesItToAFile_AndReadsIt()
    {
        var email = await UploadAndStopWhileReadingAsync(server => server.StopGracefullyAsync());
        var file = Assert.Single(StoredData.UploadFiles(dataDirectory));
        using (var connection = new SqliteConnection($"Data Source={Path.Combine(dataDirectory, "docchat.db")};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "INSERT INTO DocumentUploads (DocumentId, Content) SELECT Id, $content FROM Documents";
            command.Parameters.AddWithValue("$content", await File.ReadAllBytesAsync(file));
            Assert.Equal(1, command.ExecuteNonQuery());
        }

        File.Delete(file);
        await AssertReadAfterRestartAsync(email);
    }

    private async Task<string> UploadAndStopWhileReadingAsync(Func<ServerProcess, Task> stop)
    {
        using var server = new ServerProcess(dataDirectory, slow);
        await server.StartAsync();
        using var browser = new TestBrowser(server.Address);
        var email = await browser.RegisterAsync();
        await browser.SubmitUploadAsync(SampleFiles.Pdf("zebras.pdf", "One", "Two"));

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await browser.GetAsync("/Documents")).Document.QuerySelector(".document-status")!.GetAttribute("data-status") != "processing")
        {
            Assert.True(DateTime.UtcNow < deadline, "The document was never taken up.");
            await Task.Delay(100);
        }

        await stop(server);
        return email;
    }

    private async Task AssertReadAfterRestartAsync(string email)
    {
        using var server = new ServerProcess(dataDirectory, normal);
        await server.StartAsync();
        using var browser = new TestBrowser(server.Address);
        await browser.LoginAsync(email);

        var page = await browser.WaitForDocumentsAsync();

        var row = page.Document.QuerySelector("#documents tr.document")!;
        Assert.Equal("ready", row.QuerySelector(".document-status")!.GetAttribute("data-status"));
        Assert.Equal("2", row.QuerySelector(".document-pages")!.TextContent.Trim());
        Assert.Equal(("Ready", 0L), StoredState());
    }

    /// <summary>The document's status and how many uploaded files wait to be read (files in the uploads folder, rows in the database).</summary>
    private (string Status, long Uploads) StoredState()
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(dataDirectory, "docchat.db")};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT (SELECT Status FROM Documents), (SELECT COUNT(*) FROM DocumentUploads)";
        using var reader = command.ExecuteReader();
        reader.Read();
        return (reader.GetString(0), reader.GetInt64(1) + StoredData.UploadFiles(dataDirectory).Length);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(dataDirectory, recursive: true);
    }
}
