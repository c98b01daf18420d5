using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace DocChat.Web.Data.Migrations;

/// <summary>
/// The passage index was a <c>contentless_delete</c> FTS5 table. Deleting from such a table only
/// records a tombstone: the deleted passage's terms stay in the index pages until a merge, whatever
/// the secure-delete option says, so a deleted document's words were still in the database file.
/// It becomes a plain contentless table whose delete trigger hands FTS5 the passage's own text and
/// owner (the 'delete' command): with secure-delete on, FTS5 then removes each term from the index
/// pages as the passage goes. A document's passages are deleted before the document itself (a
/// BEFORE DELETE trigger), so the owner is still known when a document or a whole account is
/// deleted by a foreign-key cascade. Scores are unchanged (same columns, tokenizer and rows).
/// </summary>
[DbContext(typeof(DocChatDbContext))]
[Migration("20261123020000_PassageIndexErasesTerms")]
public sealed class PassageIndexErasesTerms : Migration
{
    internal static string OwnerOf(string row) =>
        $"""(SELECT 'u' || lower(replace(d."UserId", '-', '')) FROM "Documents" AS d WHERE d."Id" = {row}."DocumentId")""";

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        RecreateIndex(
            migrationBuilder,
            tableOptions: "content=''",
            deletePassage: $"""INSERT INTO "DocumentChunksFts"("DocumentChunksFts", rowid, "Text", "Owner") VALUES ('delete', old."Id", old."Text", {OwnerOf("old")});""");
        migrationBuilder.Sql("""
            CREATE TRIGGER "Documents_bd" BEFORE DELETE ON "Documents" BEGIN
                DELETE FROM "DocumentChunks" WHERE "DocumentId" = old."Id";
            END;
            """);
    }

    protected override void Down(MigrationBuilder migrationBuilder) =>
        RecreateIndex(
            migrationBuilder,
            tableOptions: "content='', contentless_delete=1",
            deletePassage: """DELETE FROM "DocumentChunksFts" WHERE rowid = old."Id";""");

    /// <summary>The index with its triggers, filled from the passages stored.</summary>
    private static void RecreateIndex(MigrationBuilder migrationBuilder, string tableOptions, string deletePassage)
    {
        DropTriggers(migrationBuilder);
        migrationBuilder.Sql("""DROP TABLE "DocumentChunksFts";""");
        migrationBuilder.Sql($"""
            CREATE VIRTUAL TABLE "DocumentChunksFts" USING fts5(
                "Text", "Owner", {tableOptions},
                tokenize='porter unicode61 remove_diacritics 2');
            """);
        migrationBuilder.Sql("""INSERT INTO "DocumentChunksFts"("DocumentChunksFts", rank) VALUES ('secure-delete', 1);""");
        migrationBuilder.Sql($"""
            CREATE TRIGGER "DocumentChunks_ai" AFTER INSERT ON "DocumentChunks" BEGIN
                INSERT INTO "DocumentChunksFts"(rowid, "Text", "Owner") VALUES (new."Id", new."Text", {OwnerOf("new")});
            END;
            """);
        migrationBuilder.Sql($"""
            CREATE TRIGGER "DocumentChunks_ad" AFTER DELETE ON "DocumentChunks" BEGIN
                {deletePassage}
            END;
            """);
        migrationBuilder.Sql($"""
            CREATE TRIGGER "DocumentChunks_au" AFTER UPDATE OF "Text" ON "DocumentChunks" BEGIN
                {deletePassage}
                INSERT INTO "DocumentChunksFts"(rowid, "Text", "Owner") VALUES (new."Id", new."Text", {OwnerOf("new")});
            END;
            """);
        migrationBuilder.Sql("""
            INSERT INTO "DocumentChunksFts"(rowid, "Text", "Owner")
            SELECT c."Id", c."Text", 'u' || lower(replace(d."UserId", '-', ''))
            FROM "DocumentChunks" AS c JOIN "Documents" AS d ON d."Id" = c."DocumentId";
            """);
    }

    private static void DropTriggers(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "Documents_bd";""");
        foreach (var trigger in new[] { "au", "ad", "ai" })
        {
            migrationBuilder.Sql($"""DROP TRIGGER "DocumentChunks_{trigger}";""");
        }
    }
}
