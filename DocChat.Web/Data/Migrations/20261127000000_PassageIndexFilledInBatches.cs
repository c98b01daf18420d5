using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace DocChat.Web.Data.Migrations;

/// <summary>
/// New passages are added to the word index by the ingestion, a batch at a time
/// (SqlitePassageIndex.AddPassagesAsync), instead of by a trigger row by row: an FTS5 insert run
/// by a row trigger cost twice as much as the same rows added in one INSERT … SELECT. Deleting and
/// changing passages still go through the triggers.
/// </summary>
[DbContext(typeof(DocChatDbContext))]
[Migration("20261127000000_PassageIndexFilledInBatches")]
public sealed class PassageIndexFilledInBatches : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.Sql("""DROP TRIGGER "DocumentChunks_ai";""");

    protected override void Down(MigrationBuilder migrationBuilder) =>
        migrationBuilder.Sql($"""
            CREATE TRIGGER "DocumentChunks_ai" AFTER INSERT ON "DocumentChunks" BEGIN
                INSERT INTO "DocumentChunksFts"(rowid, "Text", "Owner") VALUES (new."Id", new."Text", {PassageIndexErasesTerms.OwnerOf("new")});
            END;
            """);
}
