using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace DocChat.Web.Data.Migrations;

/// <summary>
/// Erasing a document's passages takes FTS5 about 1.6 ms a passage (it removes each term from the
/// index pages), so a large document is erased in the background in short batches: a deleted
/// document becomes <c>Deleting</c> (hidden, blanked) and an erased account keeps a stripped,
/// locked row (<c>ErasedUtc</c>) until its documents are gone.
/// </summary>
[DbContext(typeof(DocChatDbContext))]
[Migration("20261124010000_BackgroundErasure")]
public sealed class BackgroundErasure : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.AddColumn<DateTime>("ErasedUtc", "AspNetUsers", type: "TEXT", nullable: true);

    protected override void Down(MigrationBuilder migrationBuilder) =>
        migrationBuilder.Sql("""ALTER TABLE "AspNetUsers" DROP COLUMN "ErasedUtc";""");
}
