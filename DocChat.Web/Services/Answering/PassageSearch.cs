using DocChat.Web.Data;
using DocChat.Web.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace DocChat.Web.Services.Answering;

public sealed record RetrievedPassage(
    long ChunkId,
    Guid DocumentId,
    string DocumentName,
    int StartOffset,
    int Length,
    int? PageNumber,
    string? Heading,
    string Text,
    double Score);

/// <summary>Whose documents a question may draw on: the user's, all of them or the session's chosen ones.</summary>
public sealed record SearchScope(string UserId, Guid SessionId, bool AllDocuments);

/// <summary>BM25 retrieval over the user's own ready passages (SQLite FTS5).</summary>
public sealed class PassageSearch(DocChatDbContext db)
{
    public Task<bool> HasDocumentsAsync(SearchScope scope, CancellationToken cancellationToken) =>
        db.Documents.AnyAsync(
            d => d.UserId == scope.UserId && d.Status == DocumentStatus.Ready
                 && (scope.AllDocuments || db.SessionDocuments.Any(s => s.SessionId == scope.SessionId && s.DocumentId == d.Id)),
            cancellationToken);

    /// <summary>Whether any of the user's documents is still queued or being read.</summary>
    public Task<bool> AnyInProgressAsync(string userId, CancellationToken cancellationToken) =>
        db.Documents.AnyAsync(d => d.UserId == userId && (d.Status == DocumentStatus.Queued || d.Status == DocumentStatus.Processing), cancellationToken);

    /// <summary>The best passages for the question, best first, from documents in the scope only.</summary>
    public async Task<IReadOnlyList<RetrievedPassage>> SearchAsync(
        SearchScope scope, string question, int limit, CancellationToken cancellationToken)
    {
        if (QueryTerms.ToFtsMatch(question) is not { } match)
        {
            return [];
        }

        // The index matches the user's owner token first, so only the user's passages are ever
        // ranked, whatever others have uploaded. With all documents in scope the best passages
        // are taken from the index before any join, unless one of the user's documents is being
        // indexed (only its passages are in the index without being Ready); a chosen few are
        // filtered first, then ranked. Lower bm25()
        // is a better match; the Owner column weighs 0, so scores are those of the text alone.
        // The MATCH text is a bound parameter built from quoted words only, so nothing the user
        // typed is read as FTS5 syntax. Guids are compared in EF Core's SQLite storage format
        // (upper-case text).
        var ownedMatch = $"Owner : \"{OwnerToken(scope.UserId)}\" AND Text : ({match})";
        var sessionId = scope.SessionId.ToString().ToUpperInvariant();
        var ready = nameof(DocumentStatus.Ready);
        var processing = nameof(DocumentStatus.Processing);
        return await db.Database.SqlQuery<RetrievedPassage>($"""
            SELECT c.Id AS ChunkId, c.DocumentId, d.FileName AS DocumentName, c.StartOffset, c.Length,
                   c.PageNumber, c.Heading, c.Text, f.Score
            FROM (SELECT rowid AS ChunkId, bm25(DocumentChunksFts, 1.0, 0.0) AS Score
                  FROM DocumentChunksFts WHERE DocumentChunksFts MATCH {ownedMatch}
                  ORDER BY Score
                  LIMIT CASE WHEN {scope.AllDocuments} AND NOT EXISTS
                      (SELECT 1 FROM Documents AS p WHERE p.UserId = {scope.UserId} AND p.Status = {processing})
                  THEN {limit} ELSE -1 END) AS f
            JOIN DocumentChunks AS c ON c.Id = f.ChunkId
            JOIN Documents AS d ON d.Id = c.DocumentId
            WHERE d.UserId = {scope.UserId}
              AND d.Status = {ready}
              AND ({scope.AllDocuments} OR c.DocumentId IN
                   (SELECT sd.DocumentId FROM SessionDocuments AS sd WHERE sd.SessionId = {sessionId}))
            ORDER BY f.Score
            LIMIT {limit}
            """).ToListAsync(cancellationToken);
    }

    /// <summary>
    /// The token the passage index stores for a user's passages (the PassageIndexByOwner
    /// migration's triggers build the same in SQL): the user id without dashes, lower case.
    /// </summary>
    internal static string OwnerToken(string userId) => "u" + userId.Replace("-", "", StringComparison.Ordinal).ToLowerInvariant();
}
