using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace DocChat.Web.Data.Migrations;

/// <summary>
/// A second passage index for Chinese, Japanese and Korean text: the CJK bigrams of each passage
/// that has any (written by the ingestion, see CjkGrams), keyed by owner like the word index.
/// It stores its text (only CJK passages have rows, as bigrams), so a deleted passage's row is
/// removed by rowid; secure-delete erases its terms from the index pages. Passages stored
/// before this migration have no bigram rows: their documents are searched by whole runs as before
/// until uploaded again.
/// </summary>
[DbContext(typeof(DocChatDbContext))]
[Migration("20261125010000_CjkBigramIndex")]
public sealed class CjkBigramIndex : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""
            CREATE VIRTUAL TABLE "DocumentChunkGramsFts" USING fts5("Grams", "Owner", tokenize='unicode61');
            """);
        migrationBuilder.Sql("""INSERT INTO "DocumentChunkGramsFts"("DocumentChunkGramsFts", rank) VALUES ('secure-delete', 1);""");
        migrationBuilder.Sql("""
            CREATE TRIGGER "DocumentChunks_ad_grams" AFTER DELETE ON "DocumentChunks" BEGIN
                DELETE FROM "DocumentChunkGramsFts" WHERE rowid = old."Id";
            END;
            """);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""DROP TRIGGER "DocumentChunks_ad_grams";""");
        migrationBuilder.Sql("""DROP TABLE "DocumentChunkGramsFts";""");
    }
}
