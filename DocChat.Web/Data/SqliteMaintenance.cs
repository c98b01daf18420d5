using Microsoft.EntityFrameworkCore;

namespace DocChat.Web.Data;

/// <summary>File-level SQLite housekeeping that EF Core has no API for.</summary>
public sealed class SqliteMaintenance(DocChatDbContext db, ILogger<SqliteMaintenance> logger)
{
    /// <summary>
    /// Copies the write-ahead log into the database and truncates it to zero bytes. With
    /// secure_delete on, deleted rows are zeroed in the database pages; the WAL, however, still
    /// holds older copies of those pages until it is truncated. Erasing data therefore ends here.
    /// </summary>
    public async Task TruncateWriteAheadLogAsync(CancellationToken cancellationToken)
    {
        const int attempts = 5;
        for (var attempt = 1; attempt <= attempts; attempt++)
        {
            if (await TryTruncateAsync(cancellationToken))
            {
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50 * attempt), cancellationToken);
        }

        // The WAL keeps the old pages until a later truncate succeeds (every erase tries again).
        logger.LogWarning("WAL truncate was blocked by concurrent connections after {Attempts} attempts", attempts);
    }

    private async Task<bool> TryTruncateAsync(CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);

            // First column is "busy": 1 when a concurrent connection kept the checkpoint from finishing.
            return await reader.ReadAsync(cancellationToken) && reader.GetInt32(0) == 0;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
