using DocChat.Web.Data;
using DocChat.Web.Data.Entities;
using DocChat.Web.Models.Chat;
using DocChat.Web.Options;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DocChat.Web.Services.Chat;

public sealed record ClearResult(Guid SessionId, int ClearedMessages);

public enum UndoOutcome
{
    Restored,
    TooLate,

    /// <summary>No clear of this user's has that id.</summary>
    NotFound,
}

public sealed record UndoResult(UndoOutcome Outcome, Guid? SessionId = null);

/// <summary>A user's sessions: create, list, rename, delete, and Clear with its undo window and purge.</summary>
public sealed class ChatSessionService(
    DocChatDbContext db,
    ChatSettingsService settings,
    SqliteMaintenance maintenance,
    IOptions<ClearOptions> clearOptions,
    TimeProvider clock,
    ILogger<ChatSessionService> logger)
{
    public const int ListPageSize = 20;

    /// <summary>
    /// The preferred session if it exists and belongs to the user; otherwise the user's most
    /// recently used session; otherwise a new one.
    /// </summary>
    public async Task<Guid> GetOrCreateAsync(string userId, Guid? preferredSessionId, CancellationToken cancellationToken)
    {
        if (preferredSessionId is { } preferred && await OwnsAsync(userId, preferred, cancellationToken))
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

    public Task<bool> OwnsAsync(string userId, Guid sessionId, CancellationToken cancellationToken) =>
        db.ChatSessions.AnyAsync(s => s.Id == sessionId && s.UserId == userId, cancellationToken);

    /// <summary>A new, empty session with the user's default settings ("New chat"; the old ones stay).</summary>
    public async Task<Guid> CreateAsync(string userId, CancellationToken cancellationToken)
    {
        var session = NewSession(userId, clock.GetUtcNow().UtcDateTime, await settings.DefaultsAsync(userId, cancellationToken));
        db.ChatSessions.Add(session);
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Created session {SessionId} for user {UserId}", session.Id, userId);
        return session.Id;
    }

    /// <summary>The user's sessions, most recently used first, one page at a time.</summary>
    public async Task<SessionList> ListAsync(string userId, int page, CancellationToken cancellationToken)
    {
        page = Math.Max(1, page);
        var sessions = await ListQuery(db, userId, page).ToListAsync(cancellationToken);
        return new SessionList(sessions.Take(ListPageSize).ToList(), page, HasNext: sessions.Count > ListPageSize);
    }

    /// <summary>One page of the list, and one more to tell whether a next page exists.</summary>
    internal static IQueryable<SessionListItem> ListQuery(DocChatDbContext db, string userId, int page) =>
        db.ChatSessions.AsNoTracking()
            .Where(s => s.UserId == userId)
            .OrderByDescending(s => s.UpdatedUtc).ThenBy(s => s.Id)
            .Skip((page - 1) * ListPageSize)
            .Take(ListPageSize + 1)
            .Select(s => new SessionListItem(s.Id, s.Title, s.UpdatedUtc, s.Messages.Count));

    public async Task<bool> RenameAsync(string userId, Guid sessionId, string title, CancellationToken cancellationToken) =>
        await db.ChatSessions
            .Where(s => s.Id == sessionId && s.UserId == userId)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Title, title).SetProperty(x => x.TitleIsCustom, true), cancellationToken) == 1;

    /// <summary>Deletes a session with its messages for good (after the user confirmed). False if it is not theirs.</summary>
    public async Task<bool> DeleteAsync(string userId, Guid sessionId, CancellationToken cancellationToken)
    {
        int deleted;
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            var owned = db.ChatSessions.Where(s => s.Id == sessionId && s.UserId == userId);
            await db.ChatMessages.IgnoreQueryFilters().Where(m => owned.Any(s => s.Id == m.SessionId)).ExecuteDeleteAsync(cancellationToken);
            deleted = await owned.ExecuteDeleteAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        if (deleted == 1)
        {
            await AfterEraseAsync(cancellationToken);
            logger.LogInformation("Deleted session {SessionId} of user {UserId}", sessionId, userId);
        }

        return deleted == 1;
    }

    /// <summary>
    /// Clears the user's session in one transaction of set-based statements. With an undo window the
    /// messages (or the erased session) are only marked, hidden everywhere, until the purge deletes
    /// them; without one they are deleted at once. Returns null when the session is not the user's.
    /// </summary>
    public async Task<ClearResult?> ClearAsync(string userId, Guid sessionId, ClearScope scope, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var window = clearOptions.Value.UndoWindow;
        ClearResult result;

        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            var session = await db.ChatSessions.SingleOrDefaultAsync(s => s.Id == sessionId && s.UserId == userId, cancellationToken);
            if (session is null)
            {
                return null;
            }

            var operation = new ClearOperation { Id = Guid.NewGuid(), UserId = userId, SessionId = sessionId, Scope = scope, CreatedUtc = now };
            var messages = db.ChatMessages.Where(m => m.SessionId == sessionId);
            var cleared = window == TimeSpan.Zero
                ? await messages.ExecuteDeleteAsync(cancellationToken)
                : await messages.ExecuteUpdateAsync(m => m.SetProperty(x => x.ClearId, operation.Id), cancellationToken);

            var current = sessionId;
            if (scope == ClearScope.Messages)
            {
                // An automatic title is the start of the first question: it goes with the messages.
                if (!session.TitleIsCustom && session.Title != ChatSession.DefaultTitle)
                {
                    operation.PreviousTitle = session.Title;
                    session.Title = ChatSession.DefaultTitle;
                }

                session.UpdatedUtc = now;
            }
            else
            {
                if (window == TimeSpan.Zero)
                {
                    db.ChatSessions.Remove(session);
                }
                else
                {
                    session.ClearId = operation.Id;
                }

                var fresh = NewSession(userId, now, await settings.DefaultsAsync(userId, cancellationToken));
                db.ChatSessions.Add(fresh);
                operation.ReplacementSessionId = current = fresh.Id;
            }

            if (window > TimeSpan.Zero)
            {
                db.ClearOperations.Add(operation);
            }

            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            result = new ClearResult(current, cleared);
        }

        if (window == TimeSpan.Zero)
        {
            await AfterEraseAsync(cancellationToken);
        }

        logger.LogInformation(
            "Cleared ({ClearScope}) {MessageCount} messages of session {SessionId}; current session {CurrentSessionId}; undo window {UndoSeconds} s",
            scope, result.ClearedMessages, sessionId, result.SessionId, window.TotalSeconds);
        return result;
    }

    /// <summary>The latest clear the user can still undo from this session, if any.</summary>
    public async Task<UndoOffer?> PendingUndoAsync(string userId, Guid currentSessionId, CancellationToken cancellationToken)
    {
        var window = clearOptions.Value.UndoWindow;
        var since = clock.GetUtcNow().UtcDateTime - window;
        var operation = await db.ClearOperations.AsNoTracking()
            .Where(o => o.UserId == userId && o.CreatedUtc > since && o.PurgedUtc == null
                        && (o.SessionId == currentSessionId || o.ReplacementSessionId == currentSessionId))
            .OrderByDescending(o => o.CreatedUtc)
            .FirstOrDefaultAsync(cancellationToken);
        return operation is null ? null : new UndoOffer(operation.Id, operation.CreatedUtc + window, operation.Scope);
    }

    /// <summary>Brings back what a clear hid, if its undo window has not ended.</summary>
    public async Task<UndoResult> UndoAsync(string userId, Guid clearId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var operation = await db.ClearOperations.SingleOrDefaultAsync(o => o.Id == clearId && o.UserId == userId, cancellationToken);
        if (operation is null)
        {
            return new UndoResult(UndoOutcome.NotFound);
        }

        if (operation.PurgedUtc is not null || now >= operation.CreatedUtc + clearOptions.Value.UndoWindow)
        {
            return new UndoResult(UndoOutcome.TooLate);
        }

        await db.ChatMessages.IgnoreQueryFilters().Where(m => m.ClearId == clearId)
            .ExecuteUpdateAsync(m => m.SetProperty(x => x.ClearId, (Guid?)null), cancellationToken);
        var session = await db.ChatSessions.IgnoreQueryFilters().SingleAsync(s => s.Id == operation.SessionId, cancellationToken);
        session.ClearId = null;
        if (operation.PreviousTitle is { } title && !session.TitleIsCustom && session.Title == ChatSession.DefaultTitle)
        {
            session.Title = title;
        }

        // The fresh session that replaced an erased one goes again, unless it was used meanwhile.
        if (operation.ReplacementSessionId is { } replacement)
        {
            await db.ChatSessions.Where(s => s.Id == replacement && !s.Messages.Any()).ExecuteDeleteAsync(cancellationToken);
        }

        db.ClearOperations.Remove(operation);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("Undid clear {ClearId} of session {SessionId}", clearId, operation.SessionId);
        return new UndoResult(UndoOutcome.Restored, operation.SessionId);
    }

    /// <summary>Erases for good what clears hid once their undo window has ended. Returns how many clears were purged.</summary>
    public async Task<int> PurgeExpiredAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var cutoff = now - clearOptions.Value.UndoWindow;
        await db.ClearOperations.Where(o => o.PurgedUtc < now.AddDays(-1)).ExecuteDeleteAsync(cancellationToken);
        var expired = await db.ClearOperations.Where(o => o.PurgedUtc == null && o.CreatedUtc <= cutoff)
            .OrderBy(o => o.CreatedUtc).Select(o => o.Id).Take(500).ToListAsync(cancellationToken);
        if (expired.Count == 0)
        {
            return 0;
        }

        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            await db.ChatMessages.IgnoreQueryFilters().Where(m => m.ClearId != null && expired.Contains(m.ClearId.Value)).ExecuteDeleteAsync(cancellationToken);
            await db.ChatSessions.IgnoreQueryFilters().Where(s => s.ClearId != null && expired.Contains(s.ClearId.Value)).ExecuteDeleteAsync(cancellationToken);
            await db.ClearOperations.Where(o => expired.Contains(o.Id)).ExecuteUpdateAsync(
                o => o.SetProperty(x => x.PurgedUtc, now).SetProperty(x => x.PreviousTitle, (string?)null), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        await AfterEraseAsync(cancellationToken);
        logger.LogInformation("Purged {ClearCount} expired clears", expired.Count);
        return expired.Count;
    }

    /// <summary>
    /// After rows are deleted: merge the message search index (FTS5 keeps deleted terms in its
    /// segments until they are merged) and truncate the WAL, so nothing of them stays on disk.
    /// </summary>
    private async Task AfterEraseAsync(CancellationToken cancellationToken)
    {
        await db.Database.ExecuteSqlRawAsync(
            $"INSERT INTO \"{DocChatDbContext.MessageSearchTable}\"(\"{DocChatDbContext.MessageSearchTable}\") VALUES ('optimize');", cancellationToken);
        await maintenance.TruncateWriteAheadLogAsync(cancellationToken);
    }

    private static ChatSession NewSession(string userId, DateTime now, AnswerSettings defaults) =>
        new() { Id = Guid.NewGuid(), UserId = userId, CreatedUtc = now, UpdatedUtc = now, Settings = defaults };
}
