using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace DocChat.Web.Data.Migrations;

/// <summary>
/// A document's text is kept in its passages only: each passage keeps the white space that follows
/// it up to the next (DocumentChunks.Separator), and Documents.Text, which repeated every passage,
/// goes. Writing it cost the ingestion's last transaction 140 ms for a 10 MB PDF, and a citation read
/// all of it to show 40,000 characters. The separators of existing passages are taken from the text.
/// SQLite counts characters where .NET counts UTF-16 units, so after a character outside the Basic
/// Multilingual Plane (an emoji) the two disagree; a separator whose text is then not white space
/// of the right length becomes that many spaces, which keeps every later offset right.
/// </summary>
[DbContext(typeof(DocChatDbContext))]
[Migration("20261206010000_TextInPassages")]
public sealed class TextInPassages : Migration
{
    /// <summary>The characters .NET's char.IsWhiteSpace takes for white space, for SQLite's trim().</summary>
    private const string WhiteSpace = "char(9, 10, 11, 12, 13, 32, 133, 160, 5760, 8192, 8193, 8194, 8195, 8196, 8197, 8198, 8199, 8200, 8201, 8202, 8232, 8233, 8239, 8287, 12288)";

    /// <summary>
    /// Each passage's separator, from the document's text between it and the next passage; in SQL
    /// with the provider's test that a text is white space only and its text of so many spaces.
    /// </summary>
    internal static string FillSeparators(Func<string, string> isWhiteSpace, Func<string, string> spaces) => $"""
        UPDATE "DocumentChunks" SET "Separator" = g."Separator"
        FROM (SELECT n."Id",
                     CASE WHEN length(n."Between") = n."Gap" AND {isWhiteSpace("n.\"Between\"")} THEN n."Between"
                          ELSE {spaces("n.\"Gap\"")} END AS "Separator"
              FROM (SELECT p."Id", p."Next" - p."StartOffset" - p."Length" AS "Gap",
                           substr(d."Text", p."StartOffset" + p."Length" + 1, p."Next" - p."StartOffset" - p."Length") AS "Between"
                    FROM (SELECT "Id", "DocumentId", "StartOffset", "Length",
                                 lead("StartOffset") OVER (PARTITION BY "DocumentId" ORDER BY "Ordinal") AS "Next"
                          FROM "DocumentChunks") AS p
                    JOIN "Documents" AS d ON d."Id" = p."DocumentId"
                    WHERE p."Next" > p."StartOffset" + p."Length") AS n) AS g
        WHERE "DocumentChunks"."Id" = g."Id";
        """;

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""ALTER TABLE "DocumentChunks" ADD COLUMN "Separator" TEXT NOT NULL DEFAULT '';""");
        migrationBuilder.Sql(FillSeparators(
            between => $"""trim({between}, {WhiteSpace}) = ''""",
            length => $"""replace(hex(zeroblob({length})), '00', ' ')"""));
        migrationBuilder.Sql("""ALTER TABLE "Documents" DROP COLUMN "Text";""");
    }

    /// <summary>The text again from the passages, with spaces before the first where the text had anything.</summary>
    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""ALTER TABLE "Documents" ADD COLUMN "Text" TEXT NOT NULL DEFAULT '';""");
        migrationBuilder.Sql("""
            UPDATE "Documents" SET "Text" = coalesce((
                SELECT replace(hex(zeroblob(min(c."StartOffset"))), '00', ' ') || group_concat(c."Text" || c."Separator", '' ORDER BY c."Ordinal")
                FROM "DocumentChunks" AS c WHERE c."DocumentId" = "Documents"."Id"), '');
            """);
        migrationBuilder.Sql("""ALTER TABLE "DocumentChunks" DROP COLUMN "Separator";""");
    }
}
