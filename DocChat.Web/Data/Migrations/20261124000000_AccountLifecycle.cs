using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace DocChat.Web.Data.Migrations;

/// <summary>
/// The whole life of an account: when it was created and last seen (for the administrator page),
/// a chat retention choice, Forget context (a session's context watermark; its undo reuses the
/// clear's watermark columns), the installation's settings (registration mode, the administrator)
/// and invite links. On an existing installation the earliest registered account becomes the
/// administrator, as it would have on a fresh one.
/// </summary>
[DbContext(typeof(DocChatDbContext))]
[Migration("20261124000000_AccountLifecycle")]
public sealed class AccountLifecycle : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<DateTime>("CreatedUtc", "AspNetUsers", type: "TEXT", nullable: true);
        migrationBuilder.AddColumn<DateTime>("LastSeenUtc", "AspNetUsers", type: "TEXT", nullable: true);
        migrationBuilder.AddColumn<int>("RetentionDays", "UserPreferences", type: "INTEGER", nullable: true);
        migrationBuilder.AddColumn<long>("ContextResetAfterMessageId", "ChatSessions", type: "INTEGER", nullable: true);

        migrationBuilder.CreateTable(
            name: "InstanceSettings",
            columns: table => new
            {
                Id = table.Column<int>(type: "INTEGER", nullable: false),
                RegistrationMode = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                AdministratorUserId = table.Column<string>(type: "TEXT", nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_InstanceSettings", x => x.Id);
                table.ForeignKey("FK_InstanceSettings_AspNetUsers_AdministratorUserId", x => x.AdministratorUserId, "AspNetUsers", "Id", onDelete: ReferentialAction.SetNull);
            });
        migrationBuilder.CreateIndex("IX_InstanceSettings_AdministratorUserId", "InstanceSettings", "AdministratorUserId");

        migrationBuilder.CreateTable(
            name: "Invites",
            columns: table => new
            {
                Id = table.Column<Guid>(type: "TEXT", nullable: false),
                TokenHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                CreatedByUserId = table.Column<string>(type: "TEXT", nullable: true),
                CreatedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                ExpiresUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                UsedUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_Invites", x => x.Id);
                table.ForeignKey("FK_Invites_AspNetUsers_CreatedByUserId", x => x.CreatedByUserId, "AspNetUsers", "Id", onDelete: ReferentialAction.SetNull);
            });
        migrationBuilder.CreateIndex("IX_Invites_CreatedByUserId", "Invites", "CreatedByUserId");
        migrationBuilder.CreateIndex("IX_Invites_CreatedUtc", "Invites", "CreatedUtc");
        migrationBuilder.CreateIndex("IX_Invites_TokenHash", "Invites", "TokenHash", unique: true);

        // Rows are appended in insertion order: the lowest rowid is the first account registered.
        migrationBuilder.Sql("""
            INSERT INTO "InstanceSettings" ("Id", "RegistrationMode", "AdministratorUserId")
            VALUES (1, 'Open', (SELECT "Id" FROM "AspNetUsers" ORDER BY rowid LIMIT 1));
            """);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("Invites");
        migrationBuilder.DropTable("InstanceSettings");
        migrationBuilder.Sql("""ALTER TABLE "ChatSessions" DROP COLUMN "ContextResetAfterMessageId";""");
        migrationBuilder.Sql("""ALTER TABLE "UserPreferences" DROP COLUMN "RetentionDays";""");
        migrationBuilder.Sql("""ALTER TABLE "AspNetUsers" DROP COLUMN "LastSeenUtc";""");
        migrationBuilder.Sql("""ALTER TABLE "AspNetUsers" DROP COLUMN "CreatedUtc";""");
    }
}
