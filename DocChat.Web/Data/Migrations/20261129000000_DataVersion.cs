using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace DocChat.Web.Data.Migrations;

/// <summary>
/// AspNetUsers.DataVersion, which triggers on the chat page's tables raise whenever one of the
/// user's rows changes (<see cref="DataVersionTriggers"/>): the rendered chat page is cached under it.
/// </summary>
[DbContext(typeof(DocChatDbContext))]
[Migration("20261129000000_DataVersion")]
public sealed class DataVersion : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<long>(name: "DataVersion", table: "AspNetUsers", type: "INTEGER", nullable: false, defaultValue: 0L);
        foreach (var trigger in DataVersionTriggers.CreateSqlite())
        {
            migrationBuilder.Sql(trigger);
        }
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        foreach (var trigger in DataVersionTriggers.DropSqlite())
        {
            migrationBuilder.Sql(trigger);
        }

        migrationBuilder.DropColumn(name: "DataVersion", table: "AspNetUsers");
    }
}
