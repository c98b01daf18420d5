using DocChat.Web.Data;
using DocChat.Web.Data.Entities;
using DocChat.Web.Models.Chat;
using DocChat.Web.Options;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DocChat.Web.Services.Chat;

public sealed record ClearResult(Guid SessionId);

public enum UndoOutcome
{
    Restored,
    TooLate,

    /// <summary>A later clear of the same session hid these messages again: that one must be undone first.</summary>
    Superseded,

    /// <summary>No clear of this user's has that id.</summary>
    NotFound,
}

public sealed record UndoResult(UndoOutcome Outcome, Guid? SessionId = null, ClearScope? Scope = null);

/// <summary>A user's sessions: create, list, rename, delete, and Clear with its undo window and purge.</summary>
public sealed class ChatSessionService(
    DocChatDbContext db,
    ChatSettingsService settings,
    DatabaseMaintenance maintenance,
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
            .Select(s => new SessionListItem(s.Id, s.Title, s.UpdatedUtc, s.Messages.Take(SessionListItem.CountedUpTo + 1).Count()));

    public async Task<bool> RenameAsync(string userId, Guid sessionId, string title, CancellationToken cancellationToken) =>
        await db.ChatSessions
            .Where(s => s.Id == sessionId && s.UserId == userId)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Title, title).SetProperty(x => x.TitleIsCustom, true), cancellationToken) == 1;

    /// <summary>Deletes a session with its messages for good (after the user confirmed). False if it is not theirs.</summary>
    public async Task<bool> DeleteAsync(string userId, Guid sessionId, CancellationToken cancellationToken)
    {
        // Ownership first, then the messages by their session index (not a scan of every message),
        // a batch per transaction, and the session with the last batch.
        var owned = db.ChatSessions.Where(s => s.Id == sessionId && s.UserId == userId);
        var deleted = 0;
        if (await owned.AnyAsync(cancellationToken))
        {
            await EraseMessagesAsync(db, sessionId, async () => deleted = await owned.ExecuteDeleteAsync(cancellationToken), cancellationToken);
        }

        if (deleted == 1)
        {
            await AfterEraseAsync(cancellationToken);
            logger.LogInformation("Deleted session {SessionId} of user {UserId}", sessionId, userId);
        }

        return deleted == 1;
    }

    /// <summary>
    /// Clears the user's session in one short transaction. With an undo window nothing is deleted
    /// and no message row is touched: the session's watermark (messages) or its ClearId (erase)
    /// hides them everywhere, so the request costs the same at 10 or 10,000 messages, and the
    /// background purge deletes them once the window ends. Without a window they are deleted at
    /// once. Returns null when the session is not the user's.
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

            // The newest message of the session (the end of its index): the watermark a clear or a forget sets.
            var through = await db.ChatMessages.IgnoreQueryFilters()
                .Where(m => m.SessionId == sessionId)
                .OrderByDescending(m => m.Id)
                .Select(m => (long?)m.Id)
                .FirstOrDefaultAsync(cancellationToken);
            if (window == TimeSpan.Zero && scope != ClearScope.Context)
            {
                await db.ChatMessages.IgnoreQueryFilters().Where(m => m.SessionId == sessionId).ExecuteDeleteAsync(cancellationToken);
            }

            var current = sessionId;
            if (scope == ClearScope.Context)
            {
                // Nothing is hidden or deleted: a model is sent nothing up to the watermark from now on.
                if (through is not null)
                {
                    operation.PreviousThroughMessageId = session.ContextResetAfterMessageId;
                    operation.ThroughMessageId = session.ContextResetAfterMessageId = through;
                }

                session.UpdatedUtc = now;
            }
            else if (scope == ClearScope.Messages)
            {
                // Everything up to the newest message is hidden.
                if (window > TimeSpan.Zero && through is not null)
                {
                    operation.PreviousThroughMessageId = session.ClearedThroughMessageId;
                    operation.ThroughMessageId = session.ClearedThroughMessageId = through;
                }

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
            result = new ClearResult(current);
        }

        if (window == TimeSpan.Zero)
        {
            await AfterEraseAsync(cancellationToken);
        }

        logger.LogInformation(
            "Cleared ({ClearScope}) session {SessionId}; current session {CurrentSessionId}; undo window {UndoSeconds} s",
            scope, sessionId, result.SessionId, window.TotalSeconds);
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
            return new UndoResult(UndoOutcome.TooLate, Scope: operation.Scope);
        }

        var session = await db.ChatSessions.IgnoreQueryFilters().SingleAsync(s => s.Id == operation.SessionId, cancellationToken);
        var forgot = operation.Scope == ClearScope.Context;
        if (operation.ThroughMessageId is { } through && (forgot ? session.ContextResetAfterMessageId : session.ClearedThroughMessageId) != through)
        {
            // A later clear (or forget) of the session moved the watermark again; only undoing that one moves it back.
            return new UndoResult(UndoOutcome.Superseded);
        }

        session.ClearId = null;
        if (operation.ThroughMessageId is not null)
        {
            if (forgot)
            {
                session.ContextResetAfterMessageId = operation.PreviousThroughMessageId;
            }
            else
            {
                session.ClearedThroughMessageId = operation.PreviousThroughMessageId;
            }
        }

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
        return new UndoResult(UndoOutcome.Restored, operation.SessionId, operation.Scope);
    }

    /// <summary>
    /// Messages erased per transaction. Each takes FTS5's secure delete of its words (about
    /// 1 ms), and the transaction holds the write lock: a clear of 10,000 messages erased in one
    /// transaction held every other user's send for 9.5 s (bench/perf.py). After each batch the
    /// eraser waits as long as the batch took (<see cref="YieldAsync"/>), so it never has the
    /// write lock more than half the time.
    /// </summary>
    public const int PurgeBatchSize = 25;

    /// <summary>Waits as long as the batch started at <paramref name="started"/> took.</summary>
    private static Task YieldAsync(long started, CancellationToken cancellationToken) =>
        Task.Delay(System.Diagnostics.Stopwatch.GetElapsedTime(started), cancellationToken);

    /// <summary>
    /// Erases for good what clears hid once their undo window has ended, oldest clear first, at
    /// most <see cref="PurgeBatchSize"/> messages per transaction, so other users' writes go in
    /// between. A clear is marked purged in the transaction that erases the last of it; work left
    /// by a stopped process is picked up at the next tick. Returns how many clears were purged.
    /// </summary>
    public async Task<int> PurgeExpiredAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var cutoff = now - clearOptions.Value.UndoWindow;
        await db.ClearOperations.Where(o => o.PurgedUtc < now.AddDays(-1)).ExecuteDeleteAsync(cancellationToken);
        var pending = db.ClearOperations.Where(o => o.PurgedUtc == null && o.CreatedUtc <= cutoff).OrderBy(o => o.CreatedUtc);

        // Looked at outside a transaction first: on SQLite a transaction takes the write lock.
        if (!await pending.AnyAsync(cancellationToken))
        {
            return 0;
        }

        var purged = 0;
        var erasedAny = false;
        var started = 0L;
        while (!cancellationToken.IsCancellationRequested)
        {
            if (erasedAny)
            {
                await YieldAsync(started, cancellationToken);
            }

            started = System.Diagnostics.Stopwatch.GetTimestamp();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

            // Several instances run this; one purges while the others skip their turn, and the
            // clear is read under the lock so none is purged twice.
            if (!await WriteLocks.TryTakeForPurgeAsync(db, cancellationToken)
                || await pending.Select(o => new { o.Id, o.SessionId, o.Scope, o.ThroughMessageId }).FirstOrDefaultAsync(cancellationToken) is not { } clear)
            {
                break;
            }

            // What the clear hid: its session's messages up to its watermark (a forget hid
            // nothing), then every message of the sessions it erased; each a range of the
            // (SessionId, Id) index.
            var erased = await db.ChatSessions.IgnoreQueryFilters()
                .Where(s => s.ClearId == clear.Id).Select(s => s.Id).ToListAsync(cancellationToken);
            var hidden = erased.Select(session => db.ChatMessages.IgnoreQueryFilters().Where(m => m.SessionId == session));
            if (clear.Scope == ClearScope.Messages && clear.ThroughMessageId is { } through)
            {
                hidden = hidden.Prepend(db.ChatMessages.IgnoreQueryFilters().Where(m => m.SessionId == clear.SessionId && m.Id <= through));
            }

            var room = PurgeBatchSize;
            foreach (var messages in hidden)
            {
                var deleted = await DeleteFirstAsync(db, messages, room, cancellationToken);
                erasedAny |= deleted > 0;
                room -= deleted;
                if (room == 0)
                {
                    break;
                }
            }

            // Room left: nothing of the clear is left either.
            if (room > 0)
            {
                await db.ChatSessions.IgnoreQueryFilters().Where(s => erased.Contains(s.Id)).ExecuteDeleteAsync(cancellationToken);
                await db.ClearOperations.Where(o => o.Id == clear.Id).ExecuteUpdateAsync(
                    o => o.SetProperty(x => x.PurgedUtc, now).SetProperty(x => x.PreviousTitle, (string?)null), cancellationToken);
                purged++;
                erasedAny = true;
            }

            await transaction.CommitAsync(cancellationToken);
        }

        if (!erasedAny)
        {
            return 0;
        }

        await AfterEraseAsync(cancellationToken);
        logger.LogInformation("Purged {ClearCount} expired clears", purged);
        return purged;
    }

    /// <summary>
    /// Deletes a session and all its messages (hidden ones too), the messages by the session's
    /// index: for chats erased by retention or with their account.
    /// </summary>
    public static Task EraseSessionRowsAsync(DocChatDbContext db, Guid sessionId, CancellationToken cancellationToken) =>
        EraseMessagesAsync(
            db,
            sessionId,
            () => db.ChatSessions.IgnoreQueryFilters().Where(s => s.Id == sessionId).ExecuteDeleteAsync(cancellationToken),
            cancellationToken);

    /// <summary>Deletes the first <paramref name="limit"/> of the messages by id, in the caller's transaction; returns how many.</summary>
    private static async Task<int> DeleteFirstAsync(DocChatDbContext db, IQueryable<ChatMessage> messages, int limit, CancellationToken cancellationToken)
    {
        var batch = await messages.OrderBy(m => m.Id).Select(m => m.Id).Take(limit).ToListAsync(cancellationToken);
        if (batch.Count > 0)
        {
            await db.ChatMessages.IgnoreQueryFilters().Where(m => batch.Contains(m.Id)).ExecuteDeleteAsync(cancellationToken);
        }

        return batch.Count;
    }

    /// <summary>
    /// Deletes all of a session's messages, at most <see cref="PurgeBatchSize"/> per transaction
    /// (each holds the write lock, and other users' writes go in between and while it yields), then runs
    /// <paramref name="last"/> in the transaction that finds none left.
    /// </summary>
    private static async Task EraseMessagesAsync(DocChatDbContext db, Guid sessionId, Func<Task> last, CancellationToken cancellationToken)
    {
        while (true)
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var deleted = await DeleteFirstAsync(
                db, db.ChatMessages.IgnoreQueryFilters().Where(m => m.SessionId == sessionId), PurgeBatchSize, cancellationToken);
            if (deleted < PurgeBatchSize)
            {
                await last();
                await transaction.CommitAsync(cancellationToken);
                return;
            }

            await transaction.CommitAsync(cancellationToken);
            await YieldAsync(started, cancellationToken);
        }
    }

    /// <summary>
    /// After rows are deleted: truncate the WAL, so nothing of them stays on disk. The rows' pages
    /// are zeroed (secure_delete) and the message search index removes their terms as they are
    /// deleted (its secure-delete option), so no index-wide merge is needed.
    /// </summary>
    private Task AfterEraseAsync(CancellationToken cancellationToken) => maintenance.FinishErasureAsync(cancellationToken);

    private static ChatSession NewSession(string userId, DateTime now, AnswerSettings defaults) =>
        new() { Id = Guid.NewGuid(), UserId = userId, CreatedUtc = now, UpdatedUtc = now, Settings = defaults };
}
