using DocChat.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace DocChat.Web.Services.Answering;

public sealed record RetrievedPassage(
    long ChunkId,
    Guid DocumentId,
    string DocumentName,
    int StartOffset,
    int Length,
    string Text,
    double Score);

/// <summary>BM25 retrieval over the user's own passages (SQLite FTS5).</summary>
public sealed class PassageSearch(DocChatDbContext db)
{
    public Task<bool> UserHasDocumentsAsync(string userId, CancellationToken cancellationToken) =>
        db.Documents.AnyAsync(d => d.UserId == userId, cancellationToken);

    /// <summary>The best passages for the question, best first; only documents owned by <paramref name="userId"/>.</summary>
    public async Task<IReadOnlyList<RetrievedPassage>> SearchAsync(
        string userId, string question, int limit, CancellationToken cancellationToken)
    {
        if (QueryTerms.ToFtsMatch(question) is not { } match)
        {
            return [];
        }

        // Lower bm25() is a better match. The MATCH text is a bound parameter built from quoted
        // words only, so nothing the user typed is read as FTS5 syntax.
        return await db.Database.SqlQuery<RetrievedPassage>($"""
            SELECT c.Id AS ChunkId, c.DocumentId, d.FileName AS DocumentName, c.StartOffset, c.Length, c.Text,
                   bm25(DocumentChunksFts) AS Score
            FROM DocumentChunksFts
            JOIN DocumentChunks AS c ON c.Id = DocumentChunksFts.rowid
            JOIN Documents AS d ON d.Id = c.DocumentId
            WHERE DocumentChunksFts MATCH {match} AND d.UserId = {userId}
            ORDER BY bm25(DocumentChunksFts)
            LIMIT {limit}
            """).ToListAsync(cancellationToken);
    }
}
