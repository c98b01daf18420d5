using DocChat.Web.Data;
using DocChat.Web.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace DocChat.Web.Services.Chat;

public sealed record ClearResult(Guid SessionId, int DeletedMessages);

public sealed class ChatSessionService(
    DocChatDbContext db,
    ChatSettingsService settings,
    SqliteMaintenance maintenance,
    TimeProvider clock,
    ILogger<ChatSessionService> logger)
{
    /// <summary>
    /// The preferred session if it exists and belongs to the user; otherwise the user's most
    /// recently used session; otherwise a new one.
    /// </summary>
    public async Task<Guid> GetOrCreateAsync(string userId, Guid? preferredSessionId, CancellationToken cancellationToken)
    {
        if (preferredSessionId is { } preferred
            && await db.ChatSessions.AnyAsync(s => s.Id == preferred && s.UserId == userId, cancellationToken))
        {
            return preferred;
        }

        var latest = await db.ChatSessions
            .Where(s => s.UserId == userId)
            .OrderByDescending(s => s.UpdatedUtc)
            .Select(s => (Guid?)s.Id)
            .FirstOrDefaultAsync(cancellationToken);

        return latest ?? await CreateAsync(userId, cancellationToken);
    }

    /// <summary>
    /// Clears the user's session in one transaction of set-based deletes, then truncates the WAL
    /// so no copy of the deleted rows is left in the database files. Returns null when the
    /// session is not the user's.
    /// </summary>
    public async Task<ClearResult?> ClearAsync(string userId, Guid sessionId, ClearScope scope, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        ClearResult result;

        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            var owned = db.ChatSessions.Where(s => s.Id == sessionId && s.UserId == userId);
            if (!await owned.AnyAsync(cancellationToken))
            {
                return null;
            }

            var deletedMessages = await db.ChatMessages
                .Where(m => m.SessionId == sessionId)
                .ExecuteDeleteAsync(cancellationToken);

            if (scope == ClearScope.Messages)
            {
                await owned.ExecuteUpdateAsync(s => s.SetProperty(x => x.UpdatedUtc, now), cancellationToken);
                result = new ClearResult(sessionId, deletedMessages);
            }
            else
            {
                await owned.ExecuteDeleteAsync(cancellationToken);
                var fresh = NewSession(userId, now, await settings.DefaultsAsync(userId, cancellationToken));
                db.ChatSessions.Add(fresh);
                await db.SaveChangesAsync(cancellationToken);
                result = new ClearResult(fresh.Id, deletedMessages);
            }

            await transaction.CommitAsync(cancellationToken);
        }

        await maintenance.TruncateWriteAheadLogAsync(cancellationToken);

        if (scope == ClearScope.Messages)
        {
            logger.LogInformation("Cleared {MessageCount} messages from session {SessionId}", result.DeletedMessages, sessionId);
        }
        else
        {
            logger.LogInformation(
                "Erased session {SessionId} with {MessageCount} messages; new session {NewSessionId}",
                sessionId, result.DeletedMessages, result.SessionId);
        }

        return result;
    }

    private async Task<Guid> CreateAsync(string userId, CancellationToken cancellationToken)
    {
        var session = NewSession(userId, clock.GetUtcNow().UtcDateTime, await settings.DefaultsAsync(userId, cancellationToken));
        db.ChatSessions.Add(session);
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Created session {SessionId} for user {UserId}", session.Id, userId);
        return session.Id;
    }

    private static ChatSession NewSession(string userId, DateTime now, AnswerSettings defaults) =>
        new() { Id = Guid.NewGuid(), UserId = userId, CreatedUtc = now, UpdatedUtc = now, Settings = defaults };
}
