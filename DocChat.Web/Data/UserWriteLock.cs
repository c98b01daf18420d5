using Microsoft.EntityFrameworkCore;

namespace DocChat.Web.Data;

/// <summary>
/// One user's checked writes one at a time (the quota and duplicate checks of an upload). SQLite
/// already runs write transactions one at a time (BEGIN IMMEDIATE); PostgreSQL runs them side by
/// side, so there the transaction first takes a transaction-scoped advisory lock keyed by the user:
/// parallel uploads of one user wait for each other, on every app instance, others' do not.
/// </summary>
public static class UserWriteLock
{
    /// <summary>Takes the lock inside the current transaction; it is released at commit or rollback.</summary>
    public static async Task TakeAsync(DocChatDbContext db, string userId, CancellationToken cancellationToken)
    {
        if (db.Database.IsNpgsql())
        {
            var key = $"docchat-user-writes:{userId}";
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtextextended({key}, 0))", cancellationToken);
        }
    }
}
