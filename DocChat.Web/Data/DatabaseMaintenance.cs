using Microsoft.EntityFrameworkCore;

namespace DocChat.Web.Data;

/// <summary>Housekeeping after an erase that EF Core has no API for.</summary>
public sealed class DatabaseMaintenance(DocChatDbContext db, ILogger<DatabaseMaintenance> logger)
{
    /// <summary>
    /// On SQLite, copies the write-ahead log into the database and truncates it to zero bytes.
    /// With secure_delete on, deleted rows are zeroed in the database pages; the WAL, however,
    /// still holds older copies of those pages until it is truncated. Erasing data therefore ends
    /// here. On PostgreSQL a deleted row stays in its table as a dead row version until vacuum;
    /// VACUUM of the tables that hold users' text removes those row versions (and their search
    /// index entries), without rewriting the tables. What that leaves: docs/decisions/cleared-means-gone.md.
    /// </summary>
    public async Task FinishErasureAsync(CancellationToken cancellationToken)
    {
        if (db.Database.IsNpgsql())
        {
            // Outside any transaction (VACUUM cannot run in one); table names are constants.
            await db.Database.ExecuteSqlRawAsync(
                """VACUUM "ChatMessages", "ChatSessions", "ClearOperations", "DocumentChunks", "DocumentChunkGrams", "DocumentUploads", "Documents", "AspNetUsers";""",
                cancellationToken);
            return;
        }

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
