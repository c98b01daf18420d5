using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace DocChat.Web.Data.Migrations;

/// <summary>
/// The passage index gains an <c>Owner</c> column (one token per user) so that a search matches
/// the user's passages before it ranks anything: one user's answers no longer slow down as other
/// users upload. The index becomes contentless with <c>contentless_delete</c> (a passage is
/// removed by its rowid alone, even when its document row is already gone in a cascade) and
/// <c>secure-delete</c> (a deleted passage's terms leave the index at once). Existing passages
/// are indexed again. See docs/decisions/passage-index.md.
/// </summary>
[DbContext(typeof(DocChatDbContext))]
[Migration("20261122000000_PassageIndexByOwner")]
public sealed class PassageIndexByOwner : Migration
{
    /// <summary>The owner token of a passage's document; SqlitePassageIndex.OwnerToken builds the same in C#.</summary>
    private const string OwnerOf = """(SELECT 'u' || lower(replace(d."UserId", '-', '')) FROM "Documents" AS d WHERE d."Id" = new."DocumentId")""";

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        foreach (var trigger in new[] { "au", "ad", "ai" })
        {
            migrationBuilder.Sql($"""DROP TRIGGER "DocumentChunks_{trigger}";""");
        }

        migrationBuilder.Sql("""DROP TABLE "DocumentChunksFts";""");
        migrationBuilder.Sql("""
            CREATE VIRTUAL TABLE "DocumentChunksFts" USING fts5(
                "Text", "Owner", content='', contentless_delete=1,
                tokenize='porter unicode61 remove_diacritics 2');
            """);
        migrationBuilder.Sql("""INSERT INTO "DocumentChunksFts"("DocumentChunksFts", rank) VALUES ('secure-delete', 1);""");
        migrationBuilder.Sql($"""
            CREATE TRIGGER "DocumentChunks_ai" AFTER INSERT ON "DocumentChunks" BEGIN
                INSERT INTO "DocumentChunksFts"(rowid, "Text", "Owner") VALUES (new."Id", new."Text", {OwnerOf});
            END;
            """);
        migrationBuilder.Sql("""
            CREATE TRIGGER "DocumentChunks_ad" AFTER DELETE ON "DocumentChunks" BEGIN
                DELETE FROM "DocumentChunksFts" WHERE rowid = old."Id";
            END;
            """);
        migrationBuilder.Sql($"""
            CREATE TRIGGER "DocumentChunks_au" AFTER UPDATE OF "Text" ON "DocumentChunks" BEGIN
                DELETE FROM "DocumentChunksFts" WHERE rowid = old."Id";
                INSERT INTO "DocumentChunksFts"(rowid, "Text", "Owner") VALUES (new."Id", new."Text", {OwnerOf});
            END;
            """);
        migrationBuilder.Sql("""
            INSERT INTO "DocumentChunksFts"(rowid, "Text", "Owner")
            SELECT c."Id", c."Text", 'u' || lower(replace(d."UserId", '-', ''))
            FROM "DocumentChunks" AS c JOIN "Documents" AS d ON d."Id" = c."DocumentId";
            """);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        foreach (var trigger in new[] { "au", "ad", "ai" })
        {
            migrationBuilder.Sql($"""DROP TRIGGER "DocumentChunks_{trigger}";""");
        }

        migrationBuilder.Sql("""DROP TABLE "DocumentChunksFts";""");
        InitialCreate.CreateFullTextIndex(migrationBuilder, "DocumentChunks", "Text");
        migrationBuilder.Sql("""INSERT INTO "DocumentChunksFts"("DocumentChunksFts") VALUES ('rebuild');""");
    }
}
