using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace DocChat.Web.Data.Migrations;

/// <summary>
/// The word index merges its segments when 16 of a size have gathered instead of 4 (FTS5's
/// 'automerge'; it is stored in the index's own configuration). Every ingestion transaction
/// writes a new segment, and merging them again and again was about a third of what storing
/// passages costs: 100,000 passages of 200 characters, 500 per transaction, took 2.1-3.1 s
/// instead of 2.4-3.6 s, while ranking three common words over them took the same (p95 16.6 /
/// 27.9 ms against 18.2 / 24.9 ms, the runs side by side). See docs/decisions/passage-index.md.
/// </summary>
[DbContext(typeof(DocChatDbContext))]
[Migration("20261206000000_PassageIndexMergesLess")]
public sealed class PassageIndexMergesLess : Migration
{
    internal const int SegmentsMerged = 16;

    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.Sql($"""INSERT INTO "DocumentChunksFts"("DocumentChunksFts", rank) VALUES ('automerge', {SegmentsMerged});""");

    protected override void Down(MigrationBuilder migrationBuilder) =>
        migrationBuilder.Sql("""INSERT INTO "DocumentChunksFts"("DocumentChunksFts", rank) VALUES ('automerge', 4);""");
}
