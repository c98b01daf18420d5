using DocChat.Web.Data;
using DocChat.Web.Data.Entities;
using DocChat.Web.Services.Answering;
using Microsoft.EntityFrameworkCore;

namespace DocChat.Web.Services.Chat;

public sealed record MessageSearchHit(long MessageId, Guid SessionId, string SessionTitle, string Role, DateTime CreatedUtc, string Snippet);

/// <summary>Full-text search over the user's own message history (SQLite FTS5), best match first.</summary>
public sealed class MessageSearch(DocChatDbContext db)
{
    /// <summary>Marks a matched term in <see cref="MessageSearchHit.Snippet"/> (control characters never typed into a message).</summary>
    public const char MatchStart = '\u0001';
    public const char MatchEnd = '\u0002';
    public const int MaxResults = 50;

    public async Task<IReadOnlyList<MessageSearchHit>> SearchAsync(string userId, string query, CancellationToken cancellationToken)
    {
        if (QueryTerms.ToFtsMatch(query) is not { } match)
        {
            return [];
        }

        // Hidden (cleared, not yet purged) messages and erased sessions are excluded here as
        // everywhere else; the raw SQL does not see EF's query filters, so it says so itself.
        return await db.Database.SqlQuery<MessageSearchHit>($"""
            SELECT m.Id AS MessageId, m.SessionId, s.Title AS SessionTitle, m.Role, m.CreatedUtc,
                   snippet(ChatMessagesFts, 0, {MatchStart.ToString()}, {MatchEnd.ToString()}, '…', 16) AS Snippet
            FROM ChatMessagesFts
            JOIN ChatMessages AS m ON m.Id = ChatMessagesFts.rowid
            JOIN ChatSessions AS s ON s.Id = m.SessionId
            WHERE ChatMessagesFts MATCH {match}
              AND s.UserId = {userId}
              AND s.ClearId IS NULL AND m.Id > COALESCE(s.ClearedThroughMessageId, 0)
            ORDER BY bm25(ChatMessagesFts)
            LIMIT {MaxResults}
            """).ToListAsync(cancellationToken);
    }
}
