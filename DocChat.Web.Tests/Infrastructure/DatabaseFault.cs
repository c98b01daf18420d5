using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace DocChat.Web.Tests.Infrastructure;

/// <summary>
/// Fault injection for the app's SQLite connections: while a fault is on, each connection the
/// app opens is made read-only, or limited to the pages it already has (a full disk), or fails
/// to open as a database file that cannot be reached.
/// </summary>
public sealed class DatabaseFault : DbConnectionInterceptor
{
    public enum Kind
    {
        None,
        ReadOnly,
        DiskFull,
        Unreachable,
    }

    public Kind Current { get; set; }

    public override InterceptionResult ConnectionOpening(DbConnection connection, ConnectionEventData eventData, InterceptionResult result) =>
        Current == Kind.Unreachable ? throw Unreachable() : result;

    public override ValueTask<InterceptionResult> ConnectionOpeningAsync(
        DbConnection connection, ConnectionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default) =>
        Current == Kind.Unreachable ? throw Unreachable() : ValueTask.FromResult(result);

    /// <summary>What opening a database file that cannot be reached throws (SQLITE_CANTOPEN).</summary>
    private static SqliteException Unreachable() => new("unable to open database file", 14);

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (connection is not SqliteConnection)
        {
            return; // Read-only and full-disk faults are SQLite's; on PostgreSQL only Unreachable applies.
        }

        var pragma = Current switch
        {
            Kind.ReadOnly => "PRAGMA query_only = ON;",
            Kind.DiskFull => "PRAGMA max_page_count = 1;", // SQLite keeps the current size as the floor: no page can be added
            _ => "PRAGMA query_only = OFF;",
        };
        await using var command = connection.CreateCommand();
        command.CommandText = pragma;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) =>
        ConnectionOpenedAsync(connection, eventData).GetAwaiter().GetResult();
}
