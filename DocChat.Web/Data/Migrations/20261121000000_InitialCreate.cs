using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace DocChat.Web.Data.Migrations;

/// <summary>
/// Written by hand: the EF Core Design package (dotnet ef) cannot be restored here. Tables
/// and indexes mirror the model exactly; MigrationSchemaTests compares them with the schema EF
/// derives from the model. The FTS5 index and its triggers are SQLite-only raw SQL.
/// </summary>
[DbContext(typeof(DocChatDbContext))]
[Migration("20261121000000_InitialCreate")]
public sealed class InitialCreate : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        CreateIdentityTables(migrationBuilder);

        migrationBuilder.CreateTable(
            name: "ChatSessions",
            columns: table => new
            {
                Id = table.Column<Guid>(type: "TEXT", nullable: false),
                UserId = table.Column<string>(type: "TEXT", nullable: false),
                Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                TitleIsCustom = table.Column<bool>(type: "INTEGER", nullable: false),
                CreatedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                UpdatedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                ClearId = table.Column<Guid>(type: "TEXT", nullable: true),
                Settings_AllDocuments = table.Column<bool>(type: "INTEGER", nullable: false),
                Settings_Mode = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                Settings_Model = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                Settings_PassageCount = table.Column<int>(type: "INTEGER", nullable: false),
                Settings_Temperature = table.Column<double>(type: "REAL", nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_ChatSessions", x => x.Id);
                table.ForeignKey("FK_ChatSessions_AspNetUsers_UserId", x => x.UserId, "AspNetUsers", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "Documents",
            columns: table => new
            {
                Id = table.Column<Guid>(type: "TEXT", nullable: false),
                UserId = table.Column<string>(type: "TEXT", nullable: false),
                FileName = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                ContentType = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                SizeBytes = table.Column<long>(type: "INTEGER", nullable: false),
                UploadedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                FailureReason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                PageCount = table.Column<int>(type: "INTEGER", nullable: true),
                ChunkCount = table.Column<int>(type: "INTEGER", nullable: false),
                Sha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                Text = table.Column<string>(type: "TEXT", nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_Documents", x => x.Id);
                table.ForeignKey("FK_Documents_AspNetUsers_UserId", x => x.UserId, "AspNetUsers", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "ChatMessages",
            columns: table => new
            {
                Id = table.Column<long>(type: "INTEGER", nullable: false).Annotation("Sqlite:Autoincrement", true),
                SessionId = table.Column<Guid>(type: "TEXT", nullable: false),
                Role = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                Content = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: false),
                CreatedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                MetadataJson = table.Column<string>(type: "TEXT", nullable: false),
                ClearId = table.Column<Guid>(type: "TEXT", nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_ChatMessages", x => x.Id);
                table.ForeignKey("FK_ChatMessages_ChatSessions_SessionId", x => x.SessionId, "ChatSessions", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "DocumentChunks",
            columns: table => new
            {
                Id = table.Column<long>(type: "INTEGER", nullable: false).Annotation("Sqlite:Autoincrement", true),
                DocumentId = table.Column<Guid>(type: "TEXT", nullable: false),
                Ordinal = table.Column<int>(type: "INTEGER", nullable: false),
                StartOffset = table.Column<int>(type: "INTEGER", nullable: false),
                Length = table.Column<int>(type: "INTEGER", nullable: false),
                PageNumber = table.Column<int>(type: "INTEGER", nullable: true),
                Heading = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                Text = table.Column<string>(type: "TEXT", nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_DocumentChunks", x => x.Id);
                table.ForeignKey("FK_DocumentChunks_Documents_DocumentId", x => x.DocumentId, "Documents", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "UserPreferences",
            columns: table => new
            {
                UserId = table.Column<string>(type: "TEXT", nullable: false),
                Settings_AllDocuments = table.Column<bool>(type: "INTEGER", nullable: false),
                Settings_Mode = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                Settings_Model = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                Settings_PassageCount = table.Column<int>(type: "INTEGER", nullable: false),
                Settings_Temperature = table.Column<double>(type: "REAL", nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_UserPreferences", x => x.UserId);
                table.ForeignKey("FK_UserPreferences_AspNetUsers_UserId", x => x.UserId, "AspNetUsers", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "SessionDocuments",
            columns: table => new
            {
                SessionId = table.Column<Guid>(type: "TEXT", nullable: false),
                DocumentId = table.Column<Guid>(type: "TEXT", nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_SessionDocuments", x => new { x.SessionId, x.DocumentId });
                table.ForeignKey("FK_SessionDocuments_ChatSessions_SessionId", x => x.SessionId, "ChatSessions", "Id", onDelete: ReferentialAction.Cascade);
                table.ForeignKey("FK_SessionDocuments_Documents_DocumentId", x => x.DocumentId, "Documents", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "ClearOperations",
            columns: table => new
            {
                Id = table.Column<Guid>(type: "TEXT", nullable: false),
                UserId = table.Column<string>(type: "TEXT", nullable: false),
                SessionId = table.Column<Guid>(type: "TEXT", nullable: false),
                Scope = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                CreatedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                ReplacementSessionId = table.Column<Guid>(type: "TEXT", nullable: true),
                PreviousTitle = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                PurgedUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_ClearOperations", x => x.Id);
                table.ForeignKey("FK_ClearOperations_AspNetUsers_UserId", x => x.UserId, "AspNetUsers", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateIndex("IX_ChatMessages_SessionId_Id", "ChatMessages", ["SessionId", "Id"]);
        migrationBuilder.CreateIndex("IX_ChatMessages_ClearId", "ChatMessages", "ClearId");
        migrationBuilder.CreateIndex("IX_ChatSessions_ClearId", "ChatSessions", "ClearId");
        migrationBuilder.CreateIndex("IX_ClearOperations_CreatedUtc", "ClearOperations", "CreatedUtc");
        migrationBuilder.CreateIndex("IX_ClearOperations_UserId", "ClearOperations", "UserId");
        migrationBuilder.CreateIndex("IX_ChatSessions_UserId_UpdatedUtc", "ChatSessions", ["UserId", "UpdatedUtc"]);
        migrationBuilder.CreateIndex("IX_DocumentChunks_DocumentId_Ordinal", "DocumentChunks", ["DocumentId", "Ordinal"], unique: true);
        migrationBuilder.CreateIndex("IX_Documents_UserId_UploadedUtc", "Documents", ["UserId", "UploadedUtc"]);
        migrationBuilder.CreateIndex("IX_Documents_UserId_Sha256", "Documents", ["UserId", "Sha256"], unique: true);
        migrationBuilder.CreateIndex("IX_SessionDocuments_DocumentId", "SessionDocuments", "DocumentId");

        // External-content FTS5 indexes over passages (answers) and messages (history search);
        // the triggers keep them in step with every insert, update and delete, cascades included,
        // inside the same transaction.
        CreateFullTextIndex(migrationBuilder, "DocumentChunks", "Text");
        CreateFullTextIndex(migrationBuilder, "ChatMessages", "Content");
    }

    /// <summary>External-content FTS5 index of a table's text column, kept in step by three triggers.</summary>
    internal static void CreateFullTextIndex(MigrationBuilder migrationBuilder, string table, string column)
    {
        var index = table + "Fts";
        migrationBuilder.Sql($"""
            CREATE VIRTUAL TABLE "{index}" USING fts5(
                "{column}", content='{table}', content_rowid='Id',
                tokenize='porter unicode61 remove_diacritics 2');
            """);
        migrationBuilder.Sql($"""
            CREATE TRIGGER "{table}_ai" AFTER INSERT ON "{table}" BEGIN
                INSERT INTO "{index}"(rowid, "{column}") VALUES (new."Id", new."{column}");
            END;
            """);
        migrationBuilder.Sql($"""
            CREATE TRIGGER "{table}_ad" AFTER DELETE ON "{table}" BEGIN
                INSERT INTO "{index}"("{index}", rowid, "{column}") VALUES ('delete', old."Id", old."{column}");
            END;
            """);
        migrationBuilder.Sql($"""
            CREATE TRIGGER "{table}_au" AFTER UPDATE OF "{column}" ON "{table}" BEGIN
                INSERT INTO "{index}"("{index}", rowid, "{column}") VALUES ('delete', old."Id", old."{column}");
                INSERT INTO "{index}"(rowid, "{column}") VALUES (new."Id", new."{column}");
            END;
            """);
    }

    private static void DropFullTextIndex(MigrationBuilder migrationBuilder, string table)
    {
        foreach (var trigger in new[] { "au", "ad", "ai" })
        {
            migrationBuilder.Sql($"""DROP TRIGGER IF EXISTS "{table}_{trigger}";""");
        }

        migrationBuilder.Sql($"""DROP TABLE IF EXISTS "{table}Fts";""");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        DropFullTextIndex(migrationBuilder, "ChatMessages");
        DropFullTextIndex(migrationBuilder, "DocumentChunks");
        migrationBuilder.DropTable("ClearOperations");
        migrationBuilder.DropTable("SessionDocuments");
        migrationBuilder.DropTable("UserPreferences");
        migrationBuilder.DropTable("DocumentChunks");
        migrationBuilder.DropTable("ChatMessages");
        migrationBuilder.DropTable("Documents");
        migrationBuilder.DropTable("ChatSessions");
        migrationBuilder.DropTable("AspNetUserTokens");
        migrationBuilder.DropTable("AspNetUserRoles");
        migrationBuilder.DropTable("AspNetUserLogins");
        migrationBuilder.DropTable("AspNetUserClaims");
        migrationBuilder.DropTable("AspNetRoleClaims");
        migrationBuilder.DropTable("AspNetUsers");
        migrationBuilder.DropTable("AspNetRoles");
    }

    /// <summary>The ASP.NET Core Identity schema (IdentityDbContext, schema version 1).</summary>
    private static void CreateIdentityTables(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "AspNetRoles",
            columns: table => new
            {
                Id = table.Column<string>(type: "TEXT", nullable: false),
                Name = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                NormalizedName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                ConcurrencyStamp = table.Column<string>(type: "TEXT", nullable: true),
            },
            constraints: table => table.PrimaryKey("PK_AspNetRoles", x => x.Id));

        migrationBuilder.CreateTable(
            name: "AspNetUsers",
            columns: table => new
            {
                Id = table.Column<string>(type: "TEXT", nullable: false),
                UserName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                NormalizedUserName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                Email = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                NormalizedEmail = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                EmailConfirmed = table.Column<bool>(type: "INTEGER", nullable: false),
                PasswordHash = table.Column<string>(type: "TEXT", nullable: true),
                SecurityStamp = table.Column<string>(type: "TEXT", nullable: true),
                ConcurrencyStamp = table.Column<string>(type: "TEXT", nullable: true),
                PhoneNumber = table.Column<string>(type: "TEXT", nullable: true),
                PhoneNumberConfirmed = table.Column<bool>(type: "INTEGER", nullable: false),
                TwoFactorEnabled = table.Column<bool>(type: "INTEGER", nullable: false),
                LockoutEnd = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                LockoutEnabled = table.Column<bool>(type: "INTEGER", nullable: false),
                AccessFailedCount = table.Column<int>(type: "INTEGER", nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_AspNetUsers", x => x.Id));

        migrationBuilder.CreateTable(
            name: "AspNetRoleClaims",
            columns: table => new
            {
                Id = table.Column<int>(type: "INTEGER", nullable: false).Annotation("Sqlite:Autoincrement", true),
                RoleId = table.Column<string>(type: "TEXT", nullable: false),
                ClaimType = table.Column<string>(type: "TEXT", nullable: true),
                ClaimValue = table.Column<string>(type: "TEXT", nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_AspNetRoleClaims", x => x.Id);
                table.ForeignKey("FK_AspNetRoleClaims_AspNetRoles_RoleId", x => x.RoleId, "AspNetRoles", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "AspNetUserClaims",
            columns: table => new
            {
                Id = table.Column<int>(type: "INTEGER", nullable: false).Annotation("Sqlite:Autoincrement", true),
                UserId = table.Column<string>(type: "TEXT", nullable: false),
                ClaimType = table.Column<string>(type: "TEXT", nullable: true),
                ClaimValue = table.Column<string>(type: "TEXT", nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_AspNetUserClaims", x => x.Id);
                table.ForeignKey("FK_AspNetUserClaims_AspNetUsers_UserId", x => x.UserId, "AspNetUsers", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "AspNetUserLogins",
            columns: table => new
            {
                LoginProvider = table.Column<string>(type: "TEXT", nullable: false),
                ProviderKey = table.Column<string>(type: "TEXT", nullable: false),
                ProviderDisplayName = table.Column<string>(type: "TEXT", nullable: true),
                UserId = table.Column<string>(type: "TEXT", nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_AspNetUserLogins", x => new { x.LoginProvider, x.ProviderKey });
                table.ForeignKey("FK_AspNetUserLogins_AspNetUsers_UserId", x => x.UserId, "AspNetUsers", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "AspNetUserRoles",
            columns: table => new
            {
                UserId = table.Column<string>(type: "TEXT", nullable: false),
                RoleId = table.Column<string>(type: "TEXT", nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_AspNetUserRoles", x => new { x.UserId, x.RoleId });
                table.ForeignKey("FK_AspNetUserRoles_AspNetRoles_RoleId", x => x.RoleId, "AspNetRoles", "Id", onDelete: ReferentialAction.Cascade);
                table.ForeignKey("FK_AspNetUserRoles_AspNetUsers_UserId", x => x.UserId, "AspNetUsers", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "AspNetUserTokens",
            columns: table => new
            {
                UserId = table.Column<string>(type: "TEXT", nullable: false),
                LoginProvider = table.Column<string>(type: "TEXT", nullable: false),
                Name = table.Column<string>(type: "TEXT", nullable: false),
                Value = table.Column<string>(type: "TEXT", nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_AspNetUserTokens", x => new { x.UserId, x.LoginProvider, x.Name });
                table.ForeignKey("FK_AspNetUserTokens_AspNetUsers_UserId", x => x.UserId, "AspNetUsers", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateIndex("IX_AspNetRoleClaims_RoleId", "AspNetRoleClaims", "RoleId");
        migrationBuilder.CreateIndex("RoleNameIndex", "AspNetRoles", "NormalizedName", unique: true);
        migrationBuilder.CreateIndex("IX_AspNetUserClaims_UserId", "AspNetUserClaims", "UserId");
        migrationBuilder.CreateIndex("IX_AspNetUserLogins_UserId", "AspNetUserLogins", "UserId");
        migrationBuilder.CreateIndex("IX_AspNetUserRoles_RoleId", "AspNetUserRoles", "RoleId");
        migrationBuilder.CreateIndex("EmailIndex", "AspNetUsers", "NormalizedEmail");
        migrationBuilder.CreateIndex("UserNameIndex", "AspNetUsers", "NormalizedUserName", unique: true);
    }
}
