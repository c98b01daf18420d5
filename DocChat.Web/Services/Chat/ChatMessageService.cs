using DocChat.Web.Data;
using DocChat.Web.Data.Entities;
using DocChat.Web.Models.Chat;
using DocChat.Web.Services.Answering;
using Microsoft.EntityFrameworkCore;

namespace DocChat.Web.Services.Chat;

public sealed class ChatMessageService(
    DocChatDbContext db,
    IAnswerEngine answers,
    TimeProvider clock,
    ILogger<ChatMessageService> logger)
{
    public const int PageSize = 50;

    /// <summary>
    /// The newest <see cref="PageSize"/> messages before <paramref name="before"/> (or the newest
    /// overall), oldest first. Keyset pagination on (SessionId, Id): never loads the whole session.
    /// </summary>
    public async Task<ChatPageViewModel?> GetPageAsync(string userId, Guid sessionId, long? before, CancellationToken cancellationToken)
    {
        var title = await db.ChatSessions
            .Where(s => s.Id == sessionId && s.UserId == userId)
            .Select(s => s.Title)
            .SingleOrDefaultAsync(cancellationToken);
        if (title is null)
        {
            return null;
        }

        var newestFirst = await PageQuery(db, sessionId, before)
            .Select(m => new ChatMessageViewModel(m.Id, m.Role, m.Content, m.CreatedUtc, m.Metadata))
            .ToListAsync(cancellationToken);

        var hasEarlier = newestFirst.Count > PageSize;
        var messages = newestFirst.Take(PageSize).Reverse().ToList();
        var page = new MessagePage(messages, hasEarlier ? messages[0].Id : null, IsLatest: before is null);
        return new ChatPageViewModel { SessionId = sessionId, SessionTitle = title, Page = page };
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
    /// Stores the question first, so it is kept even if answering fails, then the answer.
    /// Returns false when the session is not the user's.
    /// </summary>
    public async Task<bool> SendAsync(string userId, Guid sessionId, string text, CancellationToken cancellationToken)
    {
        var session = await db.ChatSessions.SingleOrDefaultAsync(s => s.Id == sessionId && s.UserId == userId, cancellationToken);
        if (session is null)
        {
            return false;
        }

        AddMessage(session, MessageRole.User, text, MessageMetadata.Empty);
        await db.SaveChangesAsync(cancellationToken);

        var answer = await answers.AnswerAsync(new AnswerRequest(userId, text), cancellationToken);
        AddMessage(session, MessageRole.Assistant, answer.Text, new MessageMetadata(answer.Outcome, answer.References));
        await db.SaveChangesAsync(cancellationToken);

        logger.LogInformation(
            "Answered in session {SessionId}: {Outcome} with {ReferenceCount} references",
            sessionId, answer.Outcome, answer.References.Count);
        return true;
    }

    private void AddMessage(ChatSession session, MessageRole role, string content, MessageMetadata metadata)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        db.ChatMessages.Add(new ChatMessage
        {
            SessionId = session.Id,
            Role = role,
            Content = content,
            CreatedUtc = now,
            Metadata = metadata,
        });
        session.UpdatedUtc = now;
    }
}
