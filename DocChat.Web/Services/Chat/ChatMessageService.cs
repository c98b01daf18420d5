using DocChat.Web.Data;
using DocChat.Web.Data.Entities;
using DocChat.Web.Models.Chat;
using DocChat.Web.Services.Answering;
using Microsoft.EntityFrameworkCore;

namespace DocChat.Web.Services.Chat;

public sealed class ChatMessageService(
    DocChatDbContext db,
    AnswerService answers,
    TimeProvider clock,
    ILogger<ChatMessageService> logger)
{
    public const int PageSize = 50;
    private const int HistoryMessages = 20;

    /// <summary>
    /// The newest <see cref="PageSize"/> messages before <paramref name="before"/> (or the newest
    /// overall), oldest first. Keyset pagination on (SessionId, Id): never loads the whole session.
    /// </summary>
    public async Task<MessagePage> GetPageAsync(Guid sessionId, long? before, CancellationToken cancellationToken)
    {
        var newestFirst = await PageQuery(db, sessionId, before)
            .Select(m => new ChatMessageViewModel(m.Id, m.Role, m.Content, m.CreatedUtc, m.Metadata))
            .ToListAsync(cancellationToken);

        var hasEarlier = newestFirst.Count > PageSize;
        var messages = newestFirst.Take(PageSize).Reverse().ToList();
        return new MessagePage(messages, hasEarlier ? messages[0].Id : null, IsLatest: before is null);
    }

    /// <summary>Whether a keyset cursor names a (visible) message of the session; other values are refused.</summary>
    public Task<bool> IsCursorAsync(Guid sessionId, long messageId, CancellationToken cancellationToken) =>
        db.ChatMessages.AnyAsync(m => m.SessionId == sessionId && m.Id == messageId, cancellationToken);

    /// <summary>
    /// The cursor of the page that ends with <paramref name="messageId"/>: the next message's id, or
    /// null when it is among the newest. False when the message is not in the session.
    /// </summary>
    public async Task<(bool Found, long? Cursor)> CursorEndingAtAsync(Guid sessionId, long messageId, CancellationToken cancellationToken)
    {
        if (!await IsCursorAsync(sessionId, messageId, cancellationToken))
        {
            return (false, null);
        }

        var next = await db.ChatMessages.Where(m => m.SessionId == sessionId && m.Id > messageId)
            .OrderBy(m => m.Id).Select(m => (long?)m.Id).FirstOrDefaultAsync(cancellationToken);
        var newer = await db.ChatMessages.CountAsync(m => m.SessionId == sessionId && m.Id > messageId, cancellationToken);
        return (true, newer < PageSize ? null : next);
    }

    /// <summary>The page query, newest first, one extra row to tell whether earlier messages exist.</summary>
    internal static IQueryable<ChatMessage> PageQuery(DocChatDbContext db, Guid sessionId, long? before)
    {
        var query = db.ChatMessages.AsNoTracking().Where(m => m.SessionId == sessionId);

        // A separate predicate (not "before IS NULL OR Id < before") lets SQLite seek the index on both columns.
        if (before is { } cursor)
        {
            query = query.Where(m => m.Id < cursor);
        }

        return query.OrderByDescending(m => m.Id).Take(PageSize + 1);
    }

    /// <summary>
    /// Stores the question and its answer (streamed to <paramref name="onDelta"/> if given).
    /// Returns false when the session is not the user's. A model's answer can take long and fail,
    /// so in generative mode the question is stored first, to be kept whatever happens to the
    /// answer. An extractive answer takes milliseconds: the question and the answer are stored in
    /// one write transaction, half the writes of two (and the question still on its own if
    /// answering throws).
    /// </summary>
    public async Task<bool> SendAsync(string userId, Guid sessionId, string text, AnswerDelta? onDelta, CancellationToken cancellationToken)
    {
        var session = await OwnedSessionAsync(userId, sessionId, cancellationToken);
        if (session is null)
        {
            return false;
        }

        var question = AddMessage(session, MessageRole.User, text, MessageMetadata.Empty);
        if (!session.TitleIsCustom && session.Title == ChatSession.DefaultTitle)
        {
            session.Title = TitleFrom(text);
        }

        if (session.Settings.Mode == AnswerMode.Generative)
        {
            await db.SaveChangesAsync(cancellationToken);
        }

        await AnswerAsync(session, question, onDelta, cancellationToken);
        return true;
    }

    /// <summary>Answers again the question of a failed answer, replacing it. False if there is no such answer.</summary>
    public async Task<bool> RetryAsync(string userId, Guid sessionId, long failedMessageId, CancellationToken cancellationToken)
    {
        var session = await OwnedSessionAsync(userId, sessionId, cancellationToken);
        var failed = session is null
            ? null
            : await db.ChatMessages.SingleOrDefaultAsync(m => m.Id == failedMessageId && m.SessionId == sessionId && m.Role == MessageRole.Assistant, cancellationToken);
        if (failed is null || failed.Metadata.Outcome != AnswerOutcome.Failed)
        {
            return false;
        }

        var question = await db.ChatMessages
            .Where(m => m.SessionId == sessionId && m.Role == MessageRole.User && m.Id < failed.Id)
            .OrderByDescending(m => m.Id)
            .FirstOrDefaultAsync(cancellationToken);
        if (question is null)
        {
            return false;
        }

        db.ChatMessages.Remove(failed);
        await db.SaveChangesAsync(cancellationToken);
        await AnswerAsync(session!, question, onDelta: null, cancellationToken);
        logger.LogInformation("Retried failed answer {MessageId} in session {SessionId}", failedMessageId, sessionId);
        return true;
    }

    /// <summary>Answers the question and stores the answer, with the question itself if it is not stored yet.</summary>
    private async Task AnswerAsync(ChatSession session, ChatMessage question, AnswerDelta? onDelta, CancellationToken cancellationToken)
    {
        // Only a model reads the conversation so far; extractive answers need no history.
        var history = session.Settings.Mode == AnswerMode.Generative
            ? await HistoryBeforeAsync(session.Id, session.ContextResetAfterMessageId ?? 0, question.Id, cancellationToken)
            : [];
        var scoped = session.Settings.AllDocuments
            ? null
            : await db.SessionDocuments.Where(d => d.SessionId == session.Id).Select(d => d.DocumentId).ToListAsync(cancellationToken);

        Answer answer;
        try
        {
            answer = await answers.AnswerAsync(new AnswerRequest(session.UserId, session.Id, question.Content, session.Settings, history), onDelta, cancellationToken);
        }
        catch when (db.Entry(question).State == EntityState.Added)
        {
            // The question is kept whatever happened to its answer.
            await db.SaveChangesAsync(CancellationToken.None);
            throw;
        }

        AddMessage(session, MessageRole.Assistant, answer.Text, new MessageMetadata(answer.Outcome, answer.References)
        {
            Settings = session.Settings,
            ScopedDocumentIds = scoped,
            RetrievedChunkIds = answer.RetrievedChunkIds,
            Error = answer.Error,
        });

        // The answer is stored even if the browser has gone away meanwhile.
        await db.SaveChangesAsync(CancellationToken.None);
        logger.LogInformation(
            "Answered in session {SessionId} ({AnswerMode}): {Outcome} with {ReferenceCount} references",
            session.Id, session.Settings.Mode, answer.Outcome, answer.References.Count);
    }

    /// <summary>A session's automatic title: the start of its first question, on one line.</summary>
    internal static string TitleFrom(string question)
    {
        const int length = 60;
        var line = TextSpans.OneLine(question);
        return line.Length <= length ? line : line[..(length - 1)].TrimEnd() + "…";
    }

    private Task<ChatSession?> OwnedSessionAsync(string userId, Guid sessionId, CancellationToken cancellationToken) =>
        db.ChatSessions.SingleOrDefaultAsync(s => s.Id == sessionId && s.UserId == userId, cancellationToken);

    /// <summary>
    /// The recent turns before the question, oldest first; failed answers, and everything up to a
    /// Forget context (<paramref name="contextStartsAfter"/>), left out.
    /// </summary>
    private async Task<IReadOnlyList<ConversationTurn>> HistoryBeforeAsync(Guid sessionId, long contextStartsAfter, long questionId, CancellationToken cancellationToken)
    {
        var recent = await db.ChatMessages.AsNoTracking()
            .Where(m => m.SessionId == sessionId && m.Id > contextStartsAfter && m.Id < questionId)
            .OrderByDescending(m => m.Id)
            .Take(HistoryMessages)
            .ToListAsync(cancellationToken);
        return recent
            .Where(m => m.Metadata.Outcome != AnswerOutcome.Failed)
            .Reverse()
            .Select(m => new ConversationTurn(m.Role, m.Content))
            .ToList();
    }

    private ChatMessage AddMessage(ChatSession session, MessageRole role, string content, MessageMetadata metadata)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var message = new ChatMessage
        {
            SessionId = session.Id,
            Role = role,
            Content = content,
            CreatedUtc = now,
            Metadata = metadata,
        };
        db.ChatMessages.Add(message);
        session.UpdatedUtc = now;
        return message;
    }
}
