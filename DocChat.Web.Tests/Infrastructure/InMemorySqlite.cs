using DocChat.Web.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace DocChat.Web.Tests.Infrastructure;

/// <summary>
/// A SQLite database in memory, with the functions the app adds to every connection, for tests
/// that build or migrate a schema step by step. It lives as long as its connection: until disposed.
/// </summary>
public sealed class InMemorySqlite : IAsyncDisposable
{
    private readonly SqliteConnection connection;

    private InMemorySqlite(SqliteConnection connection)
    {
        this.connection = connection;
        Db = new DocChatDbContext(new DbContextOptionsBuilder<DocChatDbContext>().UseSqlite(connection).Options);
    }

    public DocChatDbContext Db { get; }

    public static async Task<InMemorySqlite> OpenAsync()
    {
        var connection = new SqliteConnection("Data Source=:memory:");
        await connection.OpenAsync();
        SqliteConnectionSetup.AddFunctions(connection); // EF Core opens no connection it is handed open
        return new InMemorySqlite(connection);
    }

    public async ValueTask DisposeAsync()
    {
        await Db.DisposeAsync();
        await connection.DisposeAsync();
    }
}
