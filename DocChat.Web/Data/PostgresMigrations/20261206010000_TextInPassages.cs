using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace DocChat.Web.Data.PostgresMigrations;

/// <summary>
/// A document's text is kept in its passages only (see the SQLite migration of the same name):
/// DocumentChunks.Separator is taken from Documents.Text, which goes. PostgreSQL counts characters
/// where .NET counts UTF-16 units; a separator that is then not white space of the right length
/// becomes that many spaces.
/// </summary>
[DbContext(typeof(PostgresDocChatDbContext))]
[Migration("20261206010000_TextInPassages")]
public sealed class TextInPassages : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""ALTER TABLE "DocumentChunks" ADD COLUMN "Separator" text NOT NULL DEFAULT '';""");
        migrationBuilder.Sql(Migrations.TextInPassages.FillSeparators(between => $"""{between} ~ '^\s*$'""", length => $"repeat(' ', {length})"));
        migrationBuilder.Sql("""ALTER TABLE "Documents" DROP COLUMN "Text";""");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""ALTER TABLE "Documents" ADD COLUMN "Text" text NOT NULL DEFAULT '';""");
        migrationBuilder.Sql("""
            UPDATE "Documents" SET "Text" = coalesce((
                SELECT repeat(' ', min(c."StartOffset")) || string_agg(c."Text" || c."Separator", '' ORDER BY c."Ordinal")
                FROM "DocumentChunks" AS c WHERE c."DocumentId" = "Documents"."Id"), '');
            """);
        migrationBuilder.Sql("""ALTER TABLE "DocumentChunks" DROP COLUMN "Separator";""");
    }
}
