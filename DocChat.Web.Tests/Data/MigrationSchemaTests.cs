using DocChat.Web.Data;
using DocChat.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace DocChat.Web.Tests.Data;

public sealed class MigrationSchemaTests
{
    [Fact]
    public async Task Migrate_ProducesExactlyTheSchemaOfTheModel()
    {
        var migrated = await SchemaAsync(db => db.Database.MigrateAsync());
        var modelled = await SchemaAsync(db => db.Database.EnsureCreatedAsync());

        // Objects EF does not model: its own bookkeeping and the raw-SQL FTS5 indexes with their triggers.
        static bool Modelled(SchemaObject o) =>
            !o.Name.StartsWith("__EFMigrations", StringComparison.Ordinal)
            && !o.Name.Contains("Fts", StringComparison.Ordinal)
            && !(o.Type == "trigger");

        Assert.NotEmpty(modelled);
        Assert.Equal(modelled.Where(Modelled), migrated.Where(Modelled));
    }

    [Fact]
    public async Task Migrate_CreatesTheFullTextIndexAndItsTriggers()
    {
        var migrated = await SchemaAsync(db => db.Database.MigrateAsync());
        var names = migrated.Select(o => o.Name).ToList();

        foreach (var (table, index) in new[] { ("DocumentChunks", DocChatDbContext.ChunkSearchTable), ("ChatMessages", DocChatDbContext.MessageSearchTable) })
        {
            Assert.Contains(index, names);
            Assert.Contains($"{table}_ad", names);
            Assert.Contains($"{table}_au", names);
        }

        // Messages are indexed by their insert trigger; passages a batch at a time by the ingestion
        // (SqlitePassageIndex.AddPassagesAsync, migration PassageIndexFilledInBatches).
        Assert.Contains("ChatMessages_ai", names);
        Assert.DoesNotContain("DocumentChunks_ai", names);
    }

    [Fact]
    public async Task Upgrade_TurnsPendingClearsIntoWatermarks_KeepingEveryMessage()
    {
        await using var database = await InMemorySqlite.OpenAsync();
        var db = database.Db;
        await db.GetService<IMigrator>().MigrateAsync("20261123000000_BackgroundIngestion");

        // The release before: a clear stamped the first two messages; the third came after it.
        await db.Database.ExecuteSqlRawAsync("""
            INSERT INTO AspNetUsers (Id, EmailConfirmed, PhoneNumberConfirmed, TwoFactorEnabled, LockoutEnabled, AccessFailedCount) VALUES ('u', 0, 0, 0, 0, 0);
            INSERT INTO ChatSessions (Id, UserId, Title, TitleIsCustom, CreatedUtc, UpdatedUtc, Settings_AllDocuments, Settings_Mode, Settings_PassageCount, Settings_Temperature)
                VALUES ('5E55E55E-0000-0000-0000-000000000001', 'u', 'New chat', 0, '2026-11-01', '2026-11-01', 1, 'Extractive', 5, 0.2);
            INSERT INTO ClearOperations (Id, UserId, SessionId, Scope, CreatedUtc) VALUES ('C1EA0000-0000-0000-0000-000000000001', 'u', '5E55E55E-0000-0000-0000-000000000001', 'Messages', '2026-11-01');
            INSERT INTO ChatMessages (Id, SessionId, Role, Content, CreatedUtc, MetadataJson, ClearId) VALUES
                (1, '5E55E55E-0000-0000-0000-000000000001', 'User', 'cleared question', '2026-11-01', '{{}}', 'C1EA0000-0000-0000-0000-000000000001'),
                (2, '5E55E55E-0000-0000-0000-000000000001', 'Assistant', 'cleared answer', '2026-11-01', '{{}}', 'C1EA0000-0000-0000-0000-000000000001'),
                (3, '5E55E55E-0000-0000-0000-000000000001', 'User', 'kept question', '2026-11-01', '{{}}', NULL);
            """);

        await db.Database.MigrateAsync();

        Assert.Equal(3, await db.ChatMessages.IgnoreQueryFilters().CountAsync());
        Assert.Equal(["kept question"], await db.ChatMessages.Select(m => m.Content).ToListAsync());
        Assert.Equal(2, (await db.ChatSessions.SingleAsync()).ClearedThroughMessageId);
        var clear = await db.ClearOperations.SingleAsync();
        Assert.Equal((2L, (long?)null), (clear.ThroughMessageId!.Value, clear.PreviousThroughMessageId));
    }

    [Fact]
    public async Task Upgrade_KeepsTheTextInThePassages_AndDropsTheDocumentsCopy()
    {
        await using var database = await InMemorySqlite.OpenAsync();
        var db = database.Db;
        await db.GetService<IMigrator>().MigrateAsync("20261206000000_PassageIndexMergesLess");

        await db.Database.ExecuteSqlRawAsync("""
            INSERT INTO AspNetUsers (Id, EmailConfirmed, PhoneNumberConfirmed, TwoFactorEnabled, LockoutEnabled, AccessFailedCount, DataVersion) VALUES ('u', 0, 0, 0, 0, 0, 0);
            INSERT INTO Documents (Id, UserId, FileName, ContentType, SizeBytes, UploadedUtc, Status, Sha256, Text, ChunkCount)
                VALUES ('D0000000-0000-0000-0000-00000000000A', 'u', 'a.txt', 'text/plain', 10, '2026-01-01', 'Ready', 'aa', {0}, 3);
            INSERT INTO DocumentChunks (DocumentId, Ordinal, StartOffset, Length, Text) VALUES
                ('D0000000-0000-0000-0000-00000000000A', 0, {1}, {2}, {3}),
                ('D0000000-0000-0000-0000-00000000000A', 1, {4}, {5}, {6}),
                ('D0000000-0000-0000-0000-00000000000A', 2, {7}, {8}, {9});
            """, LegacyDocument.Values);

        await db.Database.MigrateAsync();

        Assert.Equal(LegacyDocument.Separators, await db.DocumentChunks.OrderBy(c => c.Ordinal).Select(c => c.Separator).ToListAsync());
        var columns = await db.Database.SqlQuery<string>($"SELECT name AS Value FROM pragma_table_info('Documents')").ToListAsync();
        Assert.Contains("FileName", columns);
        Assert.DoesNotContain("Text", columns);
    }

    /// <summary>
    /// A document as the release before stored it: the whole text in Documents.Text, with passages
    /// at UTF-16 offsets into it. After the emoji (two UTF-16 units, one character to SQLite and
    /// PostgreSQL) the database's offsets are off by one, so the last separator cannot be taken
    /// from the text and becomes as many spaces.
    /// </summary>
    internal static class LegacyDocument
    {
        private const string Text = "\n Zebras graze.\n\n\t Lions 😀 hunt.\r\nHyenas laugh.";
        private static readonly string[] Passages = ["Zebras graze.", "Lions 😀 hunt.", "Hyenas laugh."];

        /// <summary>The text, then each passage's offset, length and text: parameters {0} to {9}.</summary>
        public static object[] Values => [Text, .. Passages.SelectMany(p => new object[] { Text.IndexOf(p, StringComparison.Ordinal), p.Length, p })];

        public static readonly string[] Separators = ["\n\n\t ", "  ", ""];
    }

    private sealed record SchemaObject(string Type, string Name, string Sql);

    private static async Task<List<SchemaObject>> SchemaAsync(Func<DocChatDbContext, Task> create)
    {
        await using var database = await InMemorySqlite.OpenAsync();
        await create(database.Db);

        var objects = new List<SchemaObject>();
        await using var command = database.Db.Database.GetDbConnection().CreateCommand();
        command.CommandText = "SELECT type, name, COALESCE(sql, '') FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name";
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var type = reader.GetString(0);
            var sql = Normalize(reader.GetString(2));
            objects.Add(new SchemaObject(type, reader.GetString(1), type == "table" ? WithSortedColumns(sql) : sql));
        }

        return objects;
    }

    /// <summary>
    /// A table's definitions (columns and constraints) in a fixed order: SQLite adds a column at the
    /// end of the table, where the model may list it earlier, and the order of columns means
    /// nothing to EF Core. Every definition itself must still be equal.
    /// </summary>
    private static string WithSortedColumns(string sql)
    {
        var open = sql.IndexOf('(', StringComparison.Ordinal);
        var close = sql.LastIndexOf(')');
        var definitions = new List<string>();
        var depth = 0;
        var start = open + 1;
        for (var i = open + 1; i < close; i++)
        {
            depth += sql[i] switch { '(' => 1, ')' => -1, _ => 0 };
            if (sql[i] == ',' && depth == 0)
            {
                definitions.Add(sql[start..i].Trim());
                start = i + 1;
            }
        }

        definitions.Add(sql[start..close].Trim());
        return $"{sql[..open].Trim()} ( {string.Join(", ", definitions.Order(StringComparer.Ordinal))} )";
    }

    private static string Normalize(string sql) => string.Join(' ', sql.Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries));
}
