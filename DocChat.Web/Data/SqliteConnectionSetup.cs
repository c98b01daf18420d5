using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace DocChat.Web.Data;

/// <summary>
/// Sets up each SQLite connection EF Core opens for <see cref="DocChatDbContext"/>: the pragmas
/// below and the function <see cref="OwnedWords.Function"/>, which the passage index's triggers
/// call. The pragmas belong to the underlying SQLite connection, which the pool keeps open between
/// uses, so they are set once per underlying connection, not on every open (that was 12% of a
/// send's CPU). Microsoft.Data.Sqlite takes a connection's functions off when it goes back to the
/// pool, so the function is added on every open. journal_mode=WAL is stored in the database file
/// itself and is set once at start-up. The context adds this itself (OnConfiguring), so every
/// context on SQLite, the app's or a tool's, can delete passages; a connection handed to EF Core
/// already open gets the function from <see cref="AddFunctions"/>.
/// </summary>
public sealed class SqliteConnectionSetup : DbConnectionInterceptor
{
    public static readonly SqliteConnectionSetup Instance = new();

    private SqliteConnectionSetup()
    {
    }

    // foreign_keys: enforce the cascades the model declares.
    // busy_timeout: wait for a concurrent writer instead of failing with "database is locked".
    // secure_delete: overwrite deleted content, so a cleared message leaves no bytes behind.
    // synchronous=FULL: an acknowledged write survives a crash or power loss (see docs/architecture.md).
    internal const string Pragmas =
        "PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000; PRAGMA secure_delete = ON; PRAGMA synchronous = FULL;";

    /// <summary>The underlying connections (SQLite handles) already set up; they drop out when closed for good.</summary>
    private static readonly ConditionalWeakTable<object, object> Prepared = [];

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        AddFunctions((SqliteConnection)connection);
        if (IsPrepared(connection))
        {
            return;
        }

        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
        MarkPrepared(connection);
    }

    public override async Task ConnectionOpenedAsync(
        DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        AddFunctions((SqliteConnection)connection);
        if (IsPrepared(connection))
        {
            return;
        }

        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
        MarkPrepared(connection);
    }

    /// <summary>DocChat's SQL functions, on an open connection.</summary>
    public static void AddFunctions(SqliteConnection connection) =>
        connection.CreateFunction<string?, string?, string?>(
            OwnedWords.Function,
            (userId, text) => userId is null || text is null ? null : OwnedWords.Of(userId, text),
            isDeterministic: true);

    private static bool IsPrepared(DbConnection connection) =>
        connection is SqliteConnection { Handle: { } handle } && Prepared.TryGetValue(handle, out _);

    private static void MarkPrepared(DbConnection connection)
    {
        if (connection is SqliteConnection { Handle: { } handle })
        {
            Prepared.TryAdd(handle, handle);
        }
    }
}
