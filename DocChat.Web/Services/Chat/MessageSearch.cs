using DocChat.Web.Data;
using DocChat.Web.Data.Entities;
using DocChat.Web.Services.Answering;
using Microsoft.EntityFrameworkCore;

namespace DocChat.Web.Services.Chat;

public sealed record MessageSearchHit(long MessageId, Guid SessionId, string SessionTitle, string Role, DateTime CreatedUtc, string Snippet);

/// <summary>
/// Full-text search over the user's own message history, best match first: SQLite's FTS5 table
/// ChatMessagesFts or PostgreSQL's generated tsvector column (<see cref="PostgresSearch"/>).
/// </summary>
public sealed class MessageSearch(DocChatDbContext db)
{
    /// <summary>Marks a matched term in <see cref="MessageSearchHit.Snippet"/> (control characters never typed into a message).</summary>
    public const char MatchStart = '\u0001';
    public const char MatchEnd = '\u0002';
    public const int MaxResults = 50;

    public async Task<IReadOnlyList<MessageSearchHit>> SearchAsync(string userId, string query, CancellationToken cancellationToken)
    {
        var terms = QueryTerms.Extract(query);
        if (terms.Count == 0)
        {
            return [];
        }

        return db.Database.IsNpgsql()
            ? await OnPostgresAsync(userId, QueryTerms.ToTsQuery(terms), cancellationToken)
            : await OnSqliteAsync(userId, QueryTerms.ToFtsMatch(terms), cancellationToken);
    }

    private async Task<IReadOnlyList<MessageSearchHit>> OnSqliteAsync(string userId, string match, CancellationToken cancellationToken)
    {
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

    /// <summary>The PostgreSQL query (parameters: tsquery, user id, ts_headline options), made of constants only.</summary>
    private static readonly string PostgresQuery = $$"""
        SELECT m."Id" AS "MessageId", m."SessionId", s."Title" AS "SessionTitle", m."Role", m."CreatedUtc",
               ts_headline('{{PostgresSearch.Configuration}}', {{PostgresSearch.BracketsHidden("m.\"Content\"")}}, q.query, {2}) AS "Snippet"
        FROM to_tsquery('{{PostgresSearch.Configuration}}', {0}) AS q(query)
        JOIN "ChatMessages" AS m ON m."{{PostgresSearch.VectorColumn}}" @@ q.query
        JOIN "ChatSessions" AS s ON s."Id" = m."SessionId"
        WHERE s."UserId" = {1}
          AND s."ClearId" IS NULL AND m."Id" > COALESCE(s."ClearedThroughMessageId", 0)
        ORDER BY ts_rank(m."{{PostgresSearch.VectorColumn}}", q.query) DESC, m."Id" DESC
        LIMIT {{MaxResults}}
        """;

    private async Task<IReadOnlyList<MessageSearchHit>> OnPostgresAsync(string userId, string query, CancellationToken cancellationToken)
    {
        // The same filters; ts_headline marks the matches in the whole message (its own fragments
        // drop punctuation at their edges), then the snippet is cut around the first one.
        var headline = $"StartSel=\"{MatchStart}\", StopSel=\"{MatchEnd}\", HighlightAll=true";
        var hits = await db.Database.SqlQueryRaw<MessageSearchHit>(PostgresQuery, query, userId, headline).ToListAsync(cancellationToken);
        return hits.Select(h => h with { Snippet = Window(PostgresSearch.RestoreBrackets(h.Snippet)) }).ToList();
    }

    /// <summary>
    /// About <paramref name="words"/> words of the marked text around its first match, "…" where it
    /// was cut (what SQLite's snippet() gives). A match's marks sit inside one word, never cut apart.
    /// </summary>
    internal static string Window(string marked, int words = 16)
    {
        var starts = new List<int>();
        for (var i = 0; i < marked.Length; i++)
        {
            if (!char.IsWhiteSpace(marked[i]) && (i == 0 || char.IsWhiteSpace(marked[i - 1])))
            {
                starts.Add(i);
            }
        }

        var match = Math.Max(0, marked.IndexOf(MatchStart));
        var matchWord = Math.Max(0, starts.FindLastIndex(start => start <= match));
        var first = Math.Max(0, Math.Min(matchWord - words / 4, starts.Count - words));
        var last = Math.Min(starts.Count, first + words);
        if (starts.Count == 0)
        {
            return marked;
        }

        var end = last < starts.Count ? starts[last] : marked.Length;
        return (first > 0 ? "…" : "") + marked[starts[first]..end].Trim() + (last < starts.Count ? "…" : "");
    }
}
