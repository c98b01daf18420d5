using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace DocChat.Web.Data.Migrations;

/// <summary>
/// A document tells which of its pages were recognised by OCR and how many were left out because
/// their text is unreadable (a PDF font without a character map).
/// </summary>
[DbContext(typeof(DocChatDbContext))]
[Migration("20261125000000_ReadableText")]
public sealed class ReadableText : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<int>("UnreadablePages", "Documents", type: "INTEGER", nullable: true);
        migrationBuilder.AddColumn<string>("OcrPages", "Documents", type: "TEXT", maxLength: 200, nullable: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""ALTER TABLE "Documents" DROP COLUMN "OcrPages";""");
        migrationBuilder.Sql("""ALTER TABLE "Documents" DROP COLUMN "UnreadablePages";""");
    }
}
