using System.Diagnostics;
using System.Net;
using System.Reflection;
using System.Text.Json;
using DocChat.Web.Data;
using DocChat.Web.Data.Entities;
using DocChat.Web.Tests.Infrastructure;
using DocChat.Web.Tests.Reliability;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;

namespace DocChat.Web.Tests.Data;

/// <summary>
/// <c>copy-data --to</c>, run as a user runs it (the built app with the command's arguments), from
/// an installation on SQLite into a new PostgreSQL database.
/// </summary>
public sealed class CopyDataTests
{
    private static readonly MethodInfo RowsMethod = typeof(CopyDataTests).GetMethod(nameof(RowsAsync), BindingFlags.NonPublic | BindingFlags.Static)!;

    [PostgresServerFact]
    public async Task CopyData_CopiesEveryRowOfEveryTable_AndTheUserCarriesOnOnPostgres_StillLoggedIn()
    {
        var settings = new Dictionary<string, string?> { ["DocChat:Clear:UndoSeconds"] = "3600" };
        using var sqlite = new DocChatFactory(settings);
        using var browser = sqlite.CreateBrowser();
        var email = await browser.RegisterAsync();
        await browser.UploadAsync(
            ChatActions.TextFile("giraffes.txt", "Giraffes are the tallest land animals. An adult giraffe stands about five metres tall."),
            ChatActions.TextFile("长城.txt", "长城是中国古代的军事防御工程，全长两万多公里。"));
        await browser.SendAsync("a question cleared before the copy");
        await browser.ClearAsync("messages");
        await browser.SendAsync("How tall is a giraffe?");
        await browser.SubmitAndFollowAsync((await browser.GetAsync("/Chat")).Form("#retention-form"), new Dictionary<string, string> { ["RetentionDays"] = "365" });
        var target = $"{DocChatFactory.PostgresServer};Database=docchat_copy_{Guid.NewGuid():N}";
        try
        {
            var copy = await CopyDataAsync(sqlite.DataDirectory, "--to", target);

            Assert.True(copy.ExitCode == 0, copy.Output);
            Assert.Matches(@"ChatMessages +4 rows", copy.Output);
            await using (var source = SqliteContext(sqlite.DatabasePath))
            await using (var copied = PostgresContext(target))
            {
                foreach (var type in source.Model.GetEntityTypes())
                {
                    var rows = await (Task<List<string>>)RowsMethod.MakeGenericMethod(type.ClrType).Invoke(null, [source])!;
                    var copiedRows = await (Task<List<string>>)RowsMethod.MakeGenericMethod(type.ClrType).Invoke(null, [copied])!;
                    Assert.True(rows.SequenceEqual(copiedRows), $"{type.GetTableName()} differs. Only in the source:\n{string.Join("\n", rows.Except(copiedRows))}\nOnly in the copy:\n{string.Join("\n", copiedRows.Except(rows))}");
                    if (type.GetTableName() is "AspNetUsers" or "ChatMessages" or "ClearOperations" or "DocumentChunks" or "UserPreferences" or "DataProtectionKeys")
                    {
                        Assert.NotEmpty(rows);
                    }
                }

                // Passages of the CJK document are found by their bigrams, which only PostgreSQL keeps apart.
                Assert.Equal(1, await copied.Database.SqlQuery<int>($"""SELECT count(*)::int AS "Value" FROM "DocumentChunkGrams" """).SingleAsync());
            }

            // An instance on the copy: the login and the current session cookie made on SQLite still hold.
            using var postgres = new DocChatFactory(new Dictionary<string, string?>(settings) { ["DocChat:Database:Provider"] = "Postgres", ["ConnectionStrings:DocChat"] = target });
            using var same = postgres.CreateBrowser();
            foreach (Cookie cookie in browser.Cookies.GetAllCookies())
            {
                same.Cookies.Add(same.BaseAddress, new Cookie(cookie.Name, cookie.Value, "/"));
            }

            var chat = await same.GetAsync("/Chat");
            Assert.Equal(["How tall is a giraffe?"], chat.Texts("article.message[data-role=user] .message-content"));
            var answer = await same.SendAsync("长城有多长？");
            Assert.Contains("长城.txt", answer.Texts("article.message[data-role=assistant]").Last(), StringComparison.Ordinal);
            Assert.Equal(["How tall is a giraffe?", "长城有多长？"], answer.Texts("article.message[data-role=user] .message-content"));

            // And a new login with the password copied as its hash.
            using var fresh = postgres.CreateBrowser();
            ChatActions.AssertRedirectTo(await fresh.LoginAsync(email), "/");
            var giraffe = await fresh.SendAsync("How tall is an adult giraffe?");
            Assert.Contains("five metres", giraffe.Texts("article.message[data-role=assistant]").Last(), StringComparison.Ordinal);

            // A second copy into the same, now used, database is refused and changes nothing.
            var messages = await postgres.WithDbAsync(db => db.ChatMessages.IgnoreQueryFilters().CountAsync());
            var again = await CopyDataAsync(sqlite.DataDirectory, "--to", target);
            Assert.Equal(1, again.ExitCode);
            Assert.Contains("is not empty", again.Output, StringComparison.Ordinal);
            Assert.Equal(messages, await postgres.WithDbAsync(db => db.ChatMessages.IgnoreQueryFilters().CountAsync()));
        }
        finally
        {
            DocChatFactory.OnPostgresServer($"""DROP DATABASE IF EXISTS "{new NpgsqlConnectionStringBuilder(target).Database}" WITH (FORCE)""");
        }
    }

    [PostgresServerFact]
    public async Task CopyData_WithoutATarget_FromNoInstallation_OrToAServerThatIsNotThere_SaysWhatToFix()
    {
        using var sqlite = new DocChatFactory();
        using (var browser = sqlite.CreateBrowser())
        {
            await browser.RegisterAsync();
        }

        var usage = await CopyDataAsync(sqlite.DataDirectory);
        Assert.Equal(2, usage.ExitCode);
        Assert.Contains("Usage: dotnet run --project DocChat.Web -- copy-data --to", usage.Output, StringComparison.Ordinal);

        var nowhere = Path.Combine(Path.GetTempPath(), "docchat-tests", Guid.NewGuid().ToString("N"));
        var noInstallation = await CopyDataAsync(nowhere, "--to", $"{DocChatFactory.PostgresServer};Database=docchat_never_made");
        Directory.Delete(nowhere, recursive: true);
        Assert.Equal(1, noInstallation.ExitCode);
        Assert.Contains($"There is no DocChat database at {Path.Combine(nowhere, "docchat.db")}", noInstallation.Output, StringComparison.Ordinal);

        var unreachable = await CopyDataAsync(sqlite.DataDirectory, "--to", "Host=127.0.0.1;Port=1;Database=docchat;Username=docchat;Timeout=2");
        Assert.Equal(1, unreachable.ExitCode);
        Assert.Contains("Cannot reach the database \"docchat\" at 127.0.0.1", unreachable.Output, StringComparison.Ordinal);
    }

    [PostgresServerFact]
    public async Task CopyData_CarriesTheFileOfADocumentWaitingToBeRead_WhichTheInstanceOnPostgresReads()
    {
        using var sqlite = new DocChatFactory();
        using var browser = sqlite.CreateBrowser();
        var email = await browser.RegisterAsync();
        await browser.UploadAsync(ChatActions.TextFile("okapis.txt", "Okapis have striped legs like zebras."));

        // A document an instance is reading (under a lease this one will not take over): its bytes
        // wait in the uploads folder, where SQLite installations keep them.
        var content = "Narwhals have one long spiral tusk."u8.ToArray();
        var waiting = new Document
        {
            Id = Guid.NewGuid(),
            UserId = await sqlite.UserIdAsync(email),
            FileName = "narwhals.txt",
            ContentType = "text/plain",
            SizeBytes = content.Length,
            UploadedUtc = DateTime.UtcNow,
            Status = DocumentStatus.Processing,
            LeaseId = Guid.NewGuid(),
            LeaseExpiresUtc = DateTime.UtcNow.AddHours(1),
            Sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content)),
        };
        Directory.CreateDirectory(Path.Combine(sqlite.DataDirectory, "uploads"));
        await File.WriteAllBytesAsync(Path.Combine(sqlite.DataDirectory, "uploads", waiting.Id.ToString("N")), content);
        await sqlite.WithDbAsync(db =>
        {
            db.Documents.Add(waiting);
            return db.SaveChangesAsync();
        });
        var target = $"{DocChatFactory.PostgresServer};Database=docchat_copy_{Guid.NewGuid():N}";
        try
        {
            var copy = await CopyDataAsync(sqlite.DataDirectory, "--to", target);

            Assert.True(copy.ExitCode == 0, copy.Output);
            Assert.Matches(@"DocumentUploads +1 row\b", copy.Output);
            await using (var copied = PostgresContext(target))
            {
                Assert.Equal(content, await copied.DocumentUploads.Where(u => u.DocumentId == waiting.Id).Select(u => u.Content).SingleAsync());

                // The instance that held it is gone: its lease runs out.
                await copied.Documents.Where(d => d.Id == waiting.Id).ExecuteUpdateAsync(d => d.SetProperty(x => x.LeaseExpiresUtc, DateTime.UtcNow.AddMinutes(-1)));
            }

            using var postgres = new DocChatFactory(new Dictionary<string, string?> { ["DocChat:Database:Provider"] = "Postgres", ["ConnectionStrings:DocChat"] = target });
            using var fresh = postgres.CreateBrowser();
            ChatActions.AssertRedirectTo(await fresh.LoginAsync(email), "/");
            var documents = await fresh.WaitForDocumentsAsync();
            Assert.Equal(["ready", "ready"], documents.Document.QuerySelectorAll("#documents tr.document .document-status").Select(s => s.GetAttribute("data-status")));
            var answer = await fresh.SendAsync("How many tusks do narwhals have?");
            Assert.Contains("one long spiral tusk", answer.Texts("article.message[data-role=assistant]").Last(), StringComparison.Ordinal);
            Assert.Equal(0, await postgres.WaitingUploadsAsync());
        }
        finally
        {
            DocChatFactory.OnPostgresServer($"""DROP DATABASE IF EXISTS "{new NpgsqlConnectionStringBuilder(target).Database}" WITH (FORCE)""");
        }
    }

    /// <summary>The built app with the command's arguments, on the installation in <paramref name="dataDirectory"/>.</summary>
    private static async Task<(int ExitCode, string Output)> CopyDataAsync(string dataDirectory, params string[] arguments)
    {
        var start = ServerProcess.StartInfo(ServerProcess.WebAssembly(), dataDirectory, ["copy-data", .. arguments]);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        return (process.ExitCode, await output + await error);
    }

    /// <summary>
    /// Every row of a table as text, query filters off, in a stable order: times to the
    /// microsecond (PostgreSQL's precision; SQLite keeps 100 ns ticks and no kind), anything else as JSON.
    /// Leaves out the user's DataVersion: a counter the copy's own inserts raise (triggers), which
    /// only has to change when the user's data does, not to carry over.
    /// </summary>
    private static async Task<List<string>> RowsAsync<TEntity>(DocChatDbContext db)
        where TEntity : class
    {
        var rows = await db.Set<TEntity>().IgnoreQueryFilters().ToListAsync();
        return rows.Select(row => Describe(db.Entry(row).Properties.Cast<MemberEntry>().Concat(db.Entry(row).ComplexProperties.SelectMany(c => c.Properties))))
            .Order(StringComparer.Ordinal).ToList();
    }

    private static string Describe(IEnumerable<MemberEntry> members) => string.Join("; ", members
        .Where(m => m.Metadata.Name != nameof(DocChatUser.DataVersion))
        .OrderBy(m => m.Metadata.Name, StringComparer.Ordinal)
        .Select(m => $"{m.Metadata.Name}={m.CurrentValue switch
        {
            DateTime time => (time.Ticks / 10).ToString(System.Globalization.CultureInfo.InvariantCulture),
            DateTimeOffset time => (time.UtcTicks / 10).ToString(System.Globalization.CultureInfo.InvariantCulture),
            var value => JsonSerializer.Serialize(value),
        }}"));

    private static DocChatDbContext SqliteContext(string path) =>
        new(new DbContextOptionsBuilder<DocChatDbContext>().UseSqlite($"Data Source={path}").Options);

    private static PostgresDocChatDbContext PostgresContext(string connectionString) =>
        new(new DbContextOptionsBuilder<PostgresDocChatDbContext>().UseNpgsql(connectionString).Options);
}
