using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace DocChat.Web.Data.Migrations;

/// <summary>
/// Documents are read and indexed in the background: an upload stores the file's bytes
/// (<c>DocumentUploads</c>) with the document Queued; the ingestion takes the oldest Queued
/// document under a lease and records its progress (pages read, passages stored). Existing
/// documents are Ready or Failed already and need nothing.
/// </summary>
[DbContext(typeof(DocChatDbContext))]
[Migration("20261123000000_BackgroundIngestion")]
public sealed class BackgroundIngestion : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<int>("PagesRead", "Documents", type: "INTEGER", nullable: true);
        migrationBuilder.AddColumn<int>("PassagesIndexed", "Documents", type: "INTEGER", nullable: true);
        migrationBuilder.AddColumn<Guid>("LeaseId", "Documents", type: "TEXT", nullable: true);
        migrationBuilder.AddColumn<DateTime>("LeaseExpiresUtc", "Documents", type: "TEXT", nullable: true);
        migrationBuilder.CreateIndex("IX_Documents_Status_UploadedUtc", "Documents", ["Status", "UploadedUtc"]);

        migrationBuilder.CreateTable(
            name: "DocumentUploads",
            columns: table => new
            {
                DocumentId = table.Column<Guid>(type: "TEXT", nullable: false),
                Content = table.Column<byte[]>(type: "BLOB", nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_DocumentUploads", x => x.DocumentId);
                table.ForeignKey("FK_DocumentUploads_Documents_DocumentId", x => x.DocumentId, "Documents", "Id", onDelete: ReferentialAction.Cascade);
            });
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("DocumentUploads");
        migrationBuilder.DropIndex("IX_Documents_Status_UploadedUtc", "Documents");
        migrationBuilder.DropColumn("LeaseExpiresUtc", "Documents");
        migrationBuilder.DropColumn("LeaseId", "Documents");
        migrationBuilder.DropColumn("PassagesIndexed", "Documents");
        migrationBuilder.DropColumn("PagesRead", "Documents");
    }
}
