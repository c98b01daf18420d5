using DocChat.Web.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

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
            Assert.Contains($"{table}_ai", names);
            Assert.Contains($"{table}_ad", names);
            Assert.Contains($"{table}_au", names);
        }
    }

    private sealed record SchemaObject(string Type, string Name, string Sql);

    private static async Task<List<SchemaObject>> SchemaAsync(Func<DocChatDbContext, Task> create)
    {
        await using var connection = new SqliteConnection("Data Source=:memory:");
        await connection.OpenAsync();
        var options = new DbContextOptionsBuilder<DocChatDbContext>()
            .UseSqlite(connection)
            .ConfigureWarnings(w => w.Ignore(Microsoft.EntityFrameworkCore.Diagnostics.RelationalEventId.PendingModelChangesWarning))
            .Options;
        await using (var db = new DocChatDbContext(options))
        {
            await create(db);
        }

        var objects = new List<SchemaObject>();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT type, name, COALESCE(sql, '') FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name";
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            objects.Add(new SchemaObject(reader.GetString(0), reader.GetString(1), Normalize(reader.GetString(2))));
        }

        return objects;
    }

    private static string Normalize(string sql) => string.Join(' ', sql.Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries));
}
