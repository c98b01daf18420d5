using Microsoft.EntityFrameworkCore;

namespace DocChat.Web.Data;

/// <summary>
/// Writes that must not run side by side, on every app instance. SQLite already runs write
/// transactions one at a time (BEGIN IMMEDIATE); PostgreSQL runs them side by side, so there the
/// transaction first takes a transaction-scoped advisory lock, released at commit or rollback.
/// </summary>
public static class WriteLocks
{
    /// <summary>
    /// One user's checked writes (the quota and duplicate checks of an upload): parallel uploads
    /// of one user wait for each other, others' do not.
    /// </summary>
    public static async Task TakeForUserAsync(DocChatDbContext db, string userId, CancellationToken cancellationToken)
    {
        if (db.Database.IsNpgsql())
        {
            var key = $"docchat-user-writes:{userId}";
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtextextended({key}, 0))", cancellationToken);
        }
    }

    /// <summary>
    /// The purge of expired clears, by one instance at a time: false when another instance is
    /// purging now (this one skips its turn rather than wait and redo the same deletes).
    /// </summary>
    public static async Task<bool> TryTakeForPurgeAsync(DocChatDbContext db, CancellationToken cancellationToken)
    {
        if (!db.Database.IsNpgsql())
        {
            return true;
        }

        const string key = "docchat-purge";
        return await db.Database.SqlQuery<bool>($"""SELECT pg_try_advisory_xact_lock(hashtextextended({key}, 0)) AS "Value" """).SingleAsync(cancellationToken);
    }

    /// <summary>
    /// Runs <paramref name="work"/> in one instance at a time, whatever connections it uses: on
    /// PostgreSQL under a session-level advisory lock held on this context's connection meanwhile
    /// (released if the instance dies with it); on SQLite (one instance) it simply runs.
    /// </summary>
    public static async Task OneInstanceAtATimeAsync(DocChatDbContext db, string name, Func<Task> work, CancellationToken cancellationToken)
    {
        if (!db.Database.IsNpgsql())
        {
            await work();
            return;
        }

        var key = $"docchat-{name}";
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_lock(hashtextextended({key}, 0))", cancellationToken);
            try
            {
                await work();
            }
            finally
            {
                await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_unlock(hashtextextended({key}, 0))", CancellationToken.None);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
