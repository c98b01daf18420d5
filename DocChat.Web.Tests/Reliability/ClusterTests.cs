using System.Globalization;
using DocChat.Web.Tests.Infrastructure;
using Npgsql;
using Xunit.Abstractions;

namespace DocChat.Web.Tests.Reliability;

/// <summary>
/// Several app processes on one PostgreSQL database behind nginx (the configuration of
/// docs/deployment.md), as a team that outgrew one machine runs DocChat. Short by default (CI);
/// DOCCHAT_CLUSTER_USERS and DOCCHAT_CLUSTER_SECONDS size a full run (docs/reliability.md).
/// </summary>
[Collection(ReliabilityCollection.Name)]
[Trait("Category", "Reliability")]
public sealed class ClusterTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly string database = $"docchat_cluster_{Guid.NewGuid():N}";
    private readonly List<ServerProcess> instances = [];
    private readonly List<string> dataDirectories = [];

    private string ConnectionString => $"{DocChatFactory.PostgresServer};Database={database}";

    private static int Setting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), CultureInfo.InvariantCulture, out var value) ? value : fallback;

    [PostgresServerFact]
    public async Task ThreeInstancesBehindNginx_OneKilledAndRestartedUnderLoad_KeepEveryAcknowledgedMessage_EveryLogin_AndEveryCurrentChat()
    {
        var users = Setting("DOCCHAT_CLUSTER_USERS", 32);
        var seconds = Setting("DOCCHAT_CLUSTER_SECONDS", 20);
        using var nginx = await StartClusterAsync(new() { ["DocChat:Clear:UndoSeconds"] = "2", ["DocChat:Clear:PurgeIntervalSeconds"] = "1" });
        var result = new LoadResult();
        var generator = new LoadGenerator(nginx.Address, result, clearEvery: 5);

        // Killed once the users have registered and are chatting; started again a little later.
        var load = generator.RunAsync(users, TimeSpan.FromSeconds(seconds));
        await Task.Delay(TimeSpan.FromSeconds(seconds * 0.4));
        var killing = result.Clock.Elapsed;
        instances[1].Kill();
        var killed = result.Clock.Elapsed;
        await Task.Delay(TimeSpan.FromSeconds(seconds * 0.2));
        await instances[1].StartAsync();
        var restarted = result.Clock.Elapsed;
        var logSinceRestart = instances[1].Output.Length;
        await load;

        // Then on with the instance back, longer than nginx waits to try it again (fail_timeout, 5 s).
        await generator.RunAsync(users, TimeSpan.FromSeconds(Math.Max(seconds * 0.4, 10)));
        var took = result.Clock.Elapsed;

        // Every instance runs the purge; the clears of the run are all purged, by one of them each time.
        var unpurged = await WaitForAsync(() => ScalarAsync("""SELECT count(*) FROM "ClearOperations" WHERE "PurgedUtc" IS NULL AND "CreatedUtc" < now() - interval '2 seconds'"""));
        var missing = await MissingAsync(generator.MustExist);
        var logs = string.Concat(instances.Select(i => i.Output));
        output.WriteLine(
            $"cluster: 3 instances behind nginx, {users} users, {took.TotalSeconds:0.0} s, instance 2 killed at {killed.TotalSeconds:0.0} s and back at {restarted.TotalSeconds:0.0} s: "
            + $"{result.Sends} acknowledged sends ({result.Sends / took.TotalSeconds:0.0}/s), {result.Clears} clears, send p50 {result.Percentile(0.5):0} ms, p95 {result.Percentile(0.95):0} ms, "
            + $"5xx {result.ServerErrors} (all in flight at the kill: {result.ServerErrorTimes.All(e => e.Sent <= killed && e.Answered >= killing)}), "
            + $"surprises {result.Surprises.Count}, missing {missing.Count}, unpurged clears {unpurged}");
        foreach (var surprise in result.Surprises.Distinct().Take(10))
        {
            output.WriteLine($"surprise: {surprise}");
        }

        Assert.True(result.Sends > users, $"Only {result.Sends} sends were acknowledged.");
        Assert.True(result.Clears > 0, "No clear happened.");
        Assert.Empty(missing);
        Assert.Empty(result.Surprises);
        Assert.True(result.ServerErrors <= users, $"{result.ServerErrors} 5xx answers for {users} users.");
        Assert.All(result.ServerErrorTimes, e => Assert.True(e.Sent <= killed && e.Answered >= killing, $"A 5xx for a request sent at {e.Sent} and answered at {e.Answered}, not in flight at the kill ({killing}-{killed})."));
        Assert.Equal(0, unpurged);
        Assert.Contains("HTTP POST", instances[1].Output[logSinceRestart..], StringComparison.Ordinal);
        Assert.DoesNotContain("[ERR]", logs, StringComparison.Ordinal);
    }

    [PostgresServerFact]
    public async Task QueuedDocuments_AreReadOnceEach_ByTheInstances_AndOneWhoseInstanceIsKilled_IsTakenOver()
    {
        using var nginx = await StartClusterAsync(new()
        {
            ["DocChat:Documents:PdfToTextPath"] = SlowPdfExtractor.Create(pages: 10, delaySeconds: 0.3),
            ["DocChat:Documents:IngestionLeaseSeconds"] = "2",
            ["DocChat:Documents:IngestionWorkers"] = "1",
        });
        using var browser = new TestBrowser(nginx.Address);
        await browser.RegisterAsync();
        // Ten pages, as many as the slow extractor writes, so the page count is 10 whoever counts.
        var files = Enumerable.Range(1, 6).Select(n => SampleFiles.Pdf($"zebras-{n}.pdf", Enumerable.Range(1, 10).Select(page => $"Zebra {n}, page {page}").ToArray())).ToArray();
        await browser.SubmitUploadAsync(files);

        // Each instance reads one document at a time here: with three being read, every instance has one.
        var notYetReading = await WaitForAsync(async () => 3 - await ScalarAsync("""SELECT count(*) FROM "Documents" WHERE "Status" = 'Processing'"""), seconds: 30);
        Assert.True(notYetReading == 0, "The three instances were never reading a document each at once.");
        instances[0].Kill();
        var page = await browser.WaitForDocumentsAsync();

        Assert.All(page.Document.QuerySelectorAll("#documents tr.document"), row =>
        {
            Assert.Equal("ready", row.QuerySelector(".document-status")!.GetAttribute("data-status"));
            Assert.Equal("10", row.QuerySelector(".document-pages")!.TextContent.Trim());
        });
        Assert.Equal(6, page.Document.QuerySelectorAll("#documents tr.document").Length);

        // Read once each: no passage twice, whoever read it (and whoever took it over).
        Assert.Equal(0, await ScalarAsync("""
            SELECT count(*) FROM "Documents" AS d
            WHERE d."ChunkCount" <> (SELECT count(DISTINCT c."Ordinal") FROM "DocumentChunks" AS c WHERE c."DocumentId" = d."Id")
               OR d."ChunkCount" <> (SELECT count(*) FROM "DocumentChunks" AS c WHERE c."DocumentId" = d."Id")
            """));
        var logs = instances.Select(i => i.Output).ToList();
        Assert.Contains(logs, log => log.Contains("Took over document", StringComparison.Ordinal));
        Assert.True(logs.Count(log => log.Contains("Indexed document", StringComparison.Ordinal)) >= 2, "The documents were not shared out between the instances.");
    }

    /// <summary>Three instances started together on the (new, empty) database, and nginx in front of them.</summary>
    private async Task<NginxProcess> StartClusterAsync(Dictionary<string, string> settings)
    {
        settings["DocChat:Database:Provider"] = "Postgres";
        settings["ConnectionStrings:DocChat"] = ConnectionString;
        for (var i = 0; i < 3; i++)
        {
            var directory = Directory.CreateTempSubdirectory("docchat-cluster-").FullName;
            dataDirectories.Add(directory);
            instances.Add(new ServerProcess(directory, settings));
        }

        await Task.WhenAll(instances.Select(i => i.StartAsync()));
        var nginx = new NginxProcess(instances.Select(i => i.Address).ToList());
        await nginx.StartAsync();
        return nginx;
    }

    /// <summary>Acknowledged, never-cleared messages that are not (visibly) in the database.</summary>
    private async Task<List<string>> MissingAsync(IReadOnlyList<string> mustExist)
    {
        await using var connection = await OpenAsync(ConnectionString);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT m."Content" FROM "ChatMessages" AS m JOIN "ChatSessions" AS s ON s."Id" = m."SessionId"
            WHERE s."ClearId" IS NULL AND m."Id" > COALESCE(s."ClearedThroughMessageId", 0) AND m."Role" = 'User'
            """;
        var stored = new HashSet<string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            stored.Add(reader.GetString(0));
        }

        return mustExist.Where(text => !stored.Contains(text)).ToList();
    }

    private async Task<long> ScalarAsync(string sql)
    {
        await using var connection = await OpenAsync(ConnectionString);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    /// <summary>Polls <paramref name="count"/> until it is 0 or time is up; returns the last count.</summary>
    private static async Task<long> WaitForAsync(Func<Task<long>> count, int seconds = 15)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        long last;
        while ((last = await count()) != 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }

        return last;
    }

    private static async Task<NpgsqlConnection> OpenAsync(string connectionString)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        return connection;
    }

    public Task InitializeAsync()
    {
        // Made beforehand, as docs/deployment.md says: instances starting together would each try to create it.
        DocChatFactory.OnPostgresServer($"""CREATE DATABASE "{database}" ENCODING 'UTF8'""");
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        foreach (var instance in instances)
        {
            instance.Dispose();
        }

        DocChatFactory.OnPostgresServer($"""DROP DATABASE IF EXISTS "{database}" WITH (FORCE)""");

        foreach (var directory in dataDirectories)
        {
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
                // Left for the OS to clean.
            }
        }

        return Task.CompletedTask;
    }
}
