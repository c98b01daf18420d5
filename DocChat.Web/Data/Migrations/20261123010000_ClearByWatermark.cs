using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace DocChat.Web.Data.Migrations;

/// <summary>
/// Clear no longer stamps every message: a session's messages up to
/// <c>ChatSessions.ClearedThroughMessageId</c> are hidden (a clear records the watermark it set
/// and the one before, for undo), and an erased session hides its messages by its own
/// <c>ClearId</c>. Pending clears made before this migration become watermarks (a clear always
/// hid every message the session had, so what it hid is a prefix). The message search index
/// removes a deleted message's terms at once (FTS5 secure-delete), so erasing no longer needs an
/// index-wide merge in the request.
/// </summary>
[DbContext(typeof(DocChatDbContext))]
[Migration("20261123010000_ClearByWatermark")]
public sealed class ClearByWatermark : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<long>("ClearedThroughMessageId", "ChatSessions", type: "INTEGER", nullable: true);
        migrationBuilder.AddColumn<long>("ThroughMessageId", "ClearOperations", type: "INTEGER", nullable: true);
        migrationBuilder.AddColumn<long>("PreviousThroughMessageId", "ClearOperations", type: "INTEGER", nullable: true);

        migrationBuilder.Sql("""
            UPDATE "ClearOperations" SET "ThroughMessageId" =
                (SELECT MAX(m."Id") FROM "ChatMessages" AS m WHERE m."ClearId" = "ClearOperations"."Id")
            WHERE "Scope" = 'Messages' AND "PurgedUtc" IS NULL;
            """);
        migrationBuilder.Sql("""
            UPDATE "ChatSessions" SET "ClearedThroughMessageId" =
                (SELECT MAX(m."Id") FROM "ChatMessages" AS m WHERE m."SessionId" = "ChatSessions"."Id" AND m."ClearId" IS NOT NULL)
            WHERE EXISTS (SELECT 1 FROM "ChatMessages" AS m WHERE m."SessionId" = "ChatSessions"."Id" AND m."ClearId" IS NOT NULL);
            """);

        migrationBuilder.DropIndex("IX_ChatMessages_SessionId_ClearId_Id", "ChatMessages");
        migrationBuilder.DropIndex("IX_ChatMessages_ClearId", "ChatMessages");

        // SQLite drops the column in place (no table rebuild, so the search triggers stay).
        migrationBuilder.Sql("""ALTER TABLE "ChatMessages" DROP COLUMN "ClearId";""");
        migrationBuilder.CreateIndex("IX_ChatMessages_SessionId_Id", "ChatMessages", ["SessionId", "Id"]);

        migrationBuilder.Sql($"""INSERT INTO "{DocChatDbContext.MessageSearchTable}"("{DocChatDbContext.MessageSearchTable}", rank) VALUES ('secure-delete', 1);""");
        migrationBuilder.Sql($"""INSERT INTO "{DocChatDbContext.MessageSearchTable}"("{DocChatDbContext.MessageSearchTable}") VALUES ('optimize');""");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql($"""INSERT INTO "{DocChatDbContext.MessageSearchTable}"("{DocChatDbContext.MessageSearchTable}", rank) VALUES ('secure-delete', 0);""");
        migrationBuilder.DropIndex("IX_ChatMessages_SessionId_Id", "ChatMessages");
        migrationBuilder.AddColumn<Guid>("ClearId", "ChatMessages", type: "TEXT", nullable: true);
        migrationBuilder.Sql("""
            UPDATE "ChatMessages" SET "ClearId" =
                (SELECT o."Id" FROM "ClearOperations" AS o
                 WHERE o."SessionId" = "ChatMessages"."SessionId" AND o."PurgedUtc" IS NULL AND o."ThroughMessageId" >= "ChatMessages"."Id"
                 ORDER BY o."CreatedUtc" LIMIT 1);
            """);
        migrationBuilder.CreateIndex("IX_ChatMessages_ClearId", "ChatMessages", "ClearId");
        migrationBuilder.CreateIndex("IX_ChatMessages_SessionId_ClearId_Id", "ChatMessages", ["SessionId", "ClearId", "Id"]);
        migrationBuilder.Sql("""ALTER TABLE "ClearOperations" DROP COLUMN "PreviousThroughMessageId";""");
        migrationBuilder.Sql("""ALTER TABLE "ClearOperations" DROP COLUMN "ThroughMessageId";""");
        migrationBuilder.Sql("""ALTER TABLE "ChatSessions" DROP COLUMN "ClearedThroughMessageId";""");
    }
}
