using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace DocChat.Web.Data.Migrations;

/// <summary>
/// The messages' session index gains <c>ClearId</c> between its columns: every query filters out
/// messages hidden by a pending clear (<c>ClearId IS NULL</c>), so the chat page's keyset query
/// and the sessions list's message counts are answered from the index alone instead of reading
/// every message row of the session.
/// </summary>
[DbContext(typeof(DocChatDbContext))]
[Migration("20261122010000_MessageIndexCoversClears")]
public sealed class MessageIndexCoversClears : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropIndex("IX_ChatMessages_SessionId_Id", "ChatMessages");
        migrationBuilder.CreateIndex("IX_ChatMessages_SessionId_ClearId_Id", "ChatMessages", ["SessionId", "ClearId", "Id"]);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropIndex("IX_ChatMessages_SessionId_ClearId_Id", "ChatMessages");
        migrationBuilder.CreateIndex("IX_ChatMessages_SessionId_Id", "ChatMessages", ["SessionId", "Id"]);
    }
}
