using DocChat.Web.Data;
using DocChat.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;

namespace DocChat.Web.Tests.Data;

/// <summary>The PostgreSQL migrations, on the throwaway server test.sh starts.</summary>
public sealed class PostgresMigrationSchemaTests
{
    [Fact]
    public async Task Migrate_ProducesExactlyTheSchemaOfTheModel_PlusTheSearchColumnsAndTheirIndexes()
    {
        var migrated = await SchemaAsync(db => db.Database.MigrateAsync());
        var modelled = await SchemaAsync(db => db.Database.EnsureCreatedAsync());

        // What EF does not model: its own bookkeeping, the full-text search columns with their GIN
        // indexes and the bigram table.
        static bool Modelled(string o) =>
            !o.Contains("__EFMigrationsHistory", StringComparison.Ordinal)
            && !o.Contains(PostgresSearch.VectorColumn, StringComparison.Ordinal)
            && !o.Contains("DocumentChunkGrams", StringComparison.Ordinal);

        Assert.NotEmpty(modelled);
        Assert.Equal(modelled.Where(Modelled), migrated.Where(Modelled));
        foreach (var table in new[] { "DocumentChunks", "ChatMessages" })
        {
            Assert.Contains(migrated, o => o.StartsWith($"column {table}.{PostgresSearch.VectorColumn} tsvector ", StringComparison.Ordinal)
                && o.Contains($"to_tsvector('{PostgresSearch.Configuration}'", StringComparison.Ordinal));
            Assert.Contains(migrated, o => o.StartsWith($"index IX_{table}_{PostgresSearch.VectorColumn} ", StringComparison.Ordinal) && o.Contains("USING gin", StringComparison.Ordinal));
        }

        Assert.Contains(migrated, o => o.StartsWith("index IX_DocumentChunkGrams_Grams ", StringComparison.Ordinal) && o.Contains("USING gin", StringComparison.Ordinal));
        Assert.Contains("constraint FK_DocumentChunkGrams_DocumentChunks_ChunkId FOREIGN KEY (\"ChunkId\") REFERENCES \"DocumentChunks\"(\"Id\") ON DELETE CASCADE", migrated);
    }

    [Fact]
    public async Task Upgrade_KeepsTheTextInThePassages_AndDropsTheDocumentsCopy()
    {
        await using var db = NewDatabase("docchat_upgrade");
        try
        {
            await db.GetService<IMigrator>().MigrateAsync("20261129000000_DataVersion");

            await db.Database.ExecuteSqlRawAsync("""
                INSERT INTO "AspNetUsers" ("Id", "EmailConfirmed", "PhoneNumberConfirmed", "TwoFactorEnabled", "LockoutEnabled", "AccessFailedCount") VALUES ('u', false, false, false, false, 0);
                INSERT INTO "Documents" ("Id", "UserId", "FileName", "ContentType", "SizeBytes", "UploadedUtc", "Status", "Sha256", "Text", "ChunkCount")
                    VALUES ('d0000000-0000-0000-0000-00000000000a', 'u', 'a.txt', 'text/plain', 10, now(), 'Ready', 'aa', {0}, 3);
                INSERT INTO "DocumentChunks" ("DocumentId", "Ordinal", "StartOffset", "Length", "Text") VALUES
                    ('d0000000-0000-0000-0000-00000000000a', 0, {1}, {2}, {3}),
                    ('d0000000-0000-0000-0000-00000000000a', 1, {4}, {5}, {6}),
                    ('d0000000-0000-0000-0000-00000000000a', 2, {7}, {8}, {9});
                """, MigrationSchemaTests.LegacyDocument.Values);

            await db.Database.MigrateAsync();

            Assert.Equal(MigrationSchemaTests.LegacyDocument.Separators, await db.DocumentChunks.OrderBy(c => c.Ordinal).Select(c => c.Separator).ToListAsync());
            var columns = await db.Database.SqlQuery<string>($"SELECT column_name AS \"Value\" FROM information_schema.columns WHERE table_name = 'Documents'").ToListAsync();
            Assert.Contains("FileName", columns);
            Assert.DoesNotContain("Text", columns);
        }
        finally
        {
            await db.Database.EnsureDeletedAsync();
        }
    }

    /// <summary>A context on a database of its own (created by the first migration, dropped by the test) on the suite's PostgreSQL server.</summary>
    private static PostgresDocChatDbContext NewDatabase(string prefix)
    {
        var server = DocChatFactory.PostgresServer ?? throw new InvalidOperationException("No PostgreSQL server: run the suite with ./test.sh, which starts one.");
        return new PostgresDocChatDbContext(new DbContextOptionsBuilder<PostgresDocChatDbContext>()
            .UseNpgsql($"{server};Database={prefix}_{Guid.NewGuid():N}")
            .ConfigureWarnings(w => w.Ignore(Microsoft.EntityFrameworkCore.Diagnostics.RelationalEventId.PendingModelChangesWarning))
            .Options);
    }

    /// <summary>Every column, index and constraint of a new database after <paramref name="create"/>, as sorted lines.</summary>
    private static async Task<List<string>> SchemaAsync(Func<DocChatDbContext, Task> create)
    {
        await using var db = NewDatabase("docchat_schema");
        try
        {
            await create(db);
            var connection = (NpgsqlConnection)db.Database.GetDbConnection();
            await connection.OpenAsync();
            var schema = new List<string>();
            foreach (var query in new[]
            {
                """
                SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type
                       || COALESCE('(' || character_maximum_length || ')', '') || ' ' || is_nullable
                       || ' ' || COALESCE(identity_generation, '') || ' ' || COALESCE(column_default, '')
                       || ' ' || COALESCE(generation_expression, '')
                FROM information_schema.columns WHERE table_schema = 'public'
                """,
                "SELECT 'index ' || indexname || ' ' || indexdef FROM pg_indexes WHERE schemaname = 'public'",
                """
                SELECT 'constraint ' || c.conname || ' ' || pg_get_constraintdef(c.oid)
                FROM pg_constraint AS c JOIN pg_namespace AS n ON n.oid = c.connamespace WHERE n.nspname = 'public'
                """,
            })
            {
                await using var command = new NpgsqlCommand(query, connection);
                await using var reader = await command.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    schema.Add(reader.GetString(0).TrimEnd());
                }
            }

            return schema.Order(StringComparer.Ordinal).ToList();
        }
        finally
        {
            await db.Database.EnsureDeletedAsync();
        }
    }
}
