using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace DocChat.Web.Data;

/// <summary>
/// Applies the per-connection SQLite settings every time EF Core opens a connection.
/// journal_mode=WAL is stored in the database file itself and is set once at start-up.
/// </summary>
public sealed class SqlitePragmaInterceptor : DbConnectionInterceptor
{
    // foreign_keys: enforce the cascades the model declares.
    // busy_timeout: wait for a concurrent writer instead of failing with "database is locked".
    // secure_delete: overwrite deleted content, so a cleared message leaves no bytes behind.
    // synchronous=FULL: an acknowledged write survives a crash or power loss (see docs/architecture.md).
    internal const string Pragmas =
        "PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000; PRAGMA secure_delete = ON; PRAGMA synchronous = FULL;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(
        DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
