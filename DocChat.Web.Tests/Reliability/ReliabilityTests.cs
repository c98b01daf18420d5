using System.Globalization;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace DocChat.Web.Tests.Reliability;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ReliabilityCollection
{
    public const string Name = "Reliability";
}

/// <summary>
/// Load and crash safety against the real server process on loopback. Short by default (CI);
/// DOCCHAT_LOAD_SECONDS, DOCCHAT_LOAD_USERS and DOCCHAT_CRASH_CYCLES size a full run (docs/reliability.md).
/// </summary>
[Collection(ReliabilityCollection.Name)]
[Trait("Category", "Reliability")]
public sealed class ReliabilityTests(ITestOutputHelper output) : IDisposable
{
    private readonly string dataDirectory = Directory.CreateTempSubdirectory("docchat-reliability-").FullName;

    private static int Setting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), CultureInfo.InvariantCulture, out var value) ? value : fallback;

    [Fact]
    public async Task Load_ConcurrentUsersSendingAndClearing_NoServerErrors_NoLockErrors_NothingAcknowledgedLost()
    {
        var users = Setting("DOCCHAT_LOAD_USERS", 32);
        var seconds = Setting("DOCCHAT_LOAD_SECONDS", 10);
        using var server = new ServerProcess(dataDirectory);
        await server.StartAsync();
        var result = new LoadResult();

        var generator = new LoadGenerator(server.Address, result);
        await generator.RunAsync(users, TimeSpan.FromSeconds(seconds));
        var took = result.Clock.Elapsed;
        await server.StopAsync();

        var missing = Missing(generator.MustExist);
        output.WriteLine(
            $"load: {users} users, {took.TotalSeconds:0.0} s: {result.Sends} acknowledged sends ({result.Sends / took.TotalSeconds:0.0}/s), {result.Clears} clears, "
            + $"send p50 {result.Percentile(0.5):0} ms, p95 {result.Percentile(0.95):0} ms, 5xx {result.ServerErrors}, "
            + $"'database is locked' {Count(server.Output, "database is locked")}, missing {missing.Count}, integrity {IntegrityCheck()}");
        Assert.True(result.Sends > users, $"Only {result.Sends} sends were acknowledged.");
        Assert.True(result.Clears > 0, "No clear happened under the load.");
        Assert.Equal(0, result.ServerErrors);
        Assert.Empty(result.Surprises);
        Assert.Equal(0, Count(server.Output, "database is locked"));
        Assert.Empty(missing);
        Assert.Equal("ok", IntegrityCheck());
    }

    [Fact]
    public async Task CrashSafety_KilledHardUnderLoad_RestartsIntact_NothingAcknowledgedLost()
    {
        var cycles = Setting("DOCCHAT_CRASH_CYCLES", 10);
        var users = Setting("DOCCHAT_CRASH_USERS", 8);
        using var server = new ServerProcess(dataDirectory);
        var result = new LoadResult();
        var generator = new LoadGenerator(server.Address, result, clearEvery: 3);
        var integrity = new List<string>();

        for (var cycle = 0; cycle < cycles; cycle++)
        {
            await server.StartAsync();
            integrity.Add(IntegrityCheckWhileRunning());
            using var stop = new CancellationTokenSource();
            var load = generator.RunAsync(users, TimeSpan.FromSeconds(30), stop.Token);
            await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1_000, 3_500)));
            server.Kill();
            stop.Cancel();
            await load;
            integrity.Add(IntegrityCheck());
        }

        var missing = Missing(generator.MustExist);
        output.WriteLine(
            $"crash: {cycles} SIGKILLs under {users} users: {result.Sends} acknowledged sends, {result.Clears} clears, "
            + $"integrity checks {integrity.Count(i => i == "ok")}/{integrity.Count} ok, missing {missing.Count}, 5xx {result.ServerErrors}, "
            + $"requests refused while down {result.Unavailable}");
        Assert.True(result.Clears > 0, "No clear happened under the crashes.");
        Assert.All(integrity, check => Assert.Equal("ok", check));
        Assert.True(result.Sends > 0, "No send was acknowledged.");
        Assert.Empty(missing);
        Assert.Equal(0, result.ServerErrors);
        Assert.Empty(result.Surprises);
    }

    /// <summary>Acknowledged, never-cleared messages that are not (visibly) in the database.</summary>
    private List<string> Missing(IReadOnlyList<string> mustExist)
    {
        using var connection = Open();
        var stored = new HashSet<string>(StringComparer.Ordinal);
        using (var command = connection.CreateCommand())
        {
            command.CommandText = """
                SELECT m.Content FROM ChatMessages AS m JOIN ChatSessions AS s ON s.Id = m.SessionId
                WHERE s.ClearId IS NULL AND m.Id > COALESCE(s.ClearedThroughMessageId, 0) AND m.Role = 'User'
                """;
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                stored.Add(reader.GetString(0));
            }
        }

        return mustExist.Where(text => !stored.Contains(text)).ToList();
    }

    private string IntegrityCheck()
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check";
        return (string)command.ExecuteScalar()!;
    }

    /// <summary>The same check through a second connection while the restarted server is running.</summary>
    private string IntegrityCheckWhileRunning() => IntegrityCheck();

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection($"Data Source={Path.Combine(dataDirectory, "docchat.db")};Pooling=False");
        connection.Open();
        return connection;
    }

    private static int Count(string text, string value)
    {
        var count = 0;
        for (var at = text.IndexOf(value, StringComparison.OrdinalIgnoreCase); at >= 0; at = text.IndexOf(value, at + 1, StringComparison.OrdinalIgnoreCase))
        {
            count++;
        }

        return count;
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS to clean.
        }
    }
}
