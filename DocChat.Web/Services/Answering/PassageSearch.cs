using DocChat.Web.Data;
using DocChat.Web.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace DocChat.Web.Services.Answering;

/// <summary>
/// A passage found for a question. <see cref="Score"/> is only comparable within one search: the
/// index's (BM25, lower is better) until <see cref="PassageSearch"/> re-ranks, then higher is better.
/// </summary>
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

/// <summary>BM25 retrieval over the user's own ready passages (SQLite FTS5: a word index and a CJK bigram index).</summary>
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

    /// <summary>
    /// The best passages for the question, best first, from documents in the scope only. The
    /// index ranks by BM25 (a question with Chinese, Japanese or Korean text is also looked up in
    /// the bigram index, <see cref="CjkGrams"/>, and the two rankings are merged by reciprocal
    /// rank); the first <see cref="Candidates"/> are then re-ranked by <see cref="Rerank"/>.
    /// </summary>
    public async Task<IReadOnlyList<RetrievedPassage>> SearchAsync(
        SearchScope scope, string question, int limit, CancellationToken cancellationToken)
    {
        var candidates = Math.Max(limit, Candidates);
        var byWords = QueryTerms.ToFtsMatch(question) is { } words
            ? await RankAsync(WordIndex, scope, words, candidates, cancellationToken)
            : [];
        if (QueryTerms.ToGramMatch(question) is not { } grams)
        {
            return Rerank(question, byWords, limit);
        }

        var byGrams = await RankAsync(GramIndex, scope, grams, candidates, cancellationToken);
        return Rerank(question, Merge(byWords, byGrams, candidates), limit);
    }

    /// <summary>How many passages the index ranking hands to <see cref="Rerank"/>.</summary>
    internal const int Candidates = 15;

    /// <summary>
    /// The passages in a better order: each one's index score as a share of the best one's, plus
    /// the share of the question's weight matched by its best sentence (<see cref="SentenceMatches"/>).
    /// A question usually restates one sentence of the passage that answers it, while BM25 counts
    /// the words anywhere in the passage; on SQuAD this moves the passage with the answer to the
    /// top for 78% of the questions instead of 74% (docs/quality.md). The score becomes that sum,
    /// higher is better.
    /// </summary>
    private static List<RetrievedPassage> Rerank(string question, IReadOnlyList<RetrievedPassage> found, int limit)
    {
        if (found.Count == 0)
        {
            return [];
        }

        var matches = SentenceMatches.Of(question, found.Select(p => p.Text).ToList());
        var bestSentence = new double[found.Count];
        foreach (var sentence in matches.Sentences)
        {
            bestSentence[sentence.PassageIndex] = Math.Max(bestSentence[sentence.PassageIndex], sentence.Weight);
        }

        var top = found[0].Score;
        return found
            .Select((passage, i) => passage with
            {
                Score = (top == 0 ? 1 : passage.Score / top) + (matches.QuestionWeight == 0 ? 0 : bestSentence[i] / matches.QuestionWeight),
            })
            .OrderByDescending(p => p.Score)
            .Take(limit)
            .ToList();
    }

    /// <summary>An FTS5 index of passages, with its ranking query (parameters: match, all documents, user id, "Processing", limit, "Ready", session id).</summary>
    private sealed record Index(string Table, string Column)
    {
        public string Query { get; } = $$"""
                SELECT c.Id AS ChunkId, c.DocumentId, d.FileName AS DocumentName, c.StartOffset, c.Length,
                       c.PageNumber, c.Heading, c.Text, f.Score
                FROM (SELECT rowid AS ChunkId, bm25("{{Table}}", 1.0, 0.0) AS Score
                      FROM "{{Table}}" WHERE "{{Table}}" MATCH {0}
                      ORDER BY Score
                      LIMIT CASE WHEN {1} AND NOT EXISTS
                          (SELECT 1 FROM Documents AS p WHERE p.UserId = {2} AND p.Status = {3})
                      THEN {4} ELSE -1 END) AS f
                JOIN DocumentChunks AS c ON c.Id = f.ChunkId
                JOIN Documents AS d ON d.Id = c.DocumentId
                WHERE d.UserId = {2}
                  AND d.Status = {5}
                  AND ({1} OR c.DocumentId IN
                       (SELECT sd.DocumentId FROM SessionDocuments AS sd WHERE sd.SessionId = {6}))
                ORDER BY f.Score
                LIMIT {4}
                """;
    }

    private static readonly Index WordIndex = new("DocumentChunksFts", "Text");
    private static readonly Index GramIndex = new("DocumentChunkGramsFts", "Grams");

    /// <summary>
    /// Reciprocal rank fusion (k = 60): a passage near the top of either ranking comes first, one
    /// in both before one in only one. The fused score (higher is better) becomes each one's score.
    /// </summary>
    private static List<RetrievedPassage> Merge(IReadOnlyList<RetrievedPassage> byWords, IReadOnlyList<RetrievedPassage> byGrams, int limit)
    {
        var fused = new Dictionary<long, (RetrievedPassage Passage, double Score)>();
        foreach (var ranking in new[] { byWords, byGrams })
        {
            for (var rank = 0; rank < ranking.Count; rank++)
            {
                var passage = ranking[rank];
                var score = 1.0 / (60 + rank + 1);
                fused[passage.ChunkId] = fused.TryGetValue(passage.ChunkId, out var seen) ? (seen.Passage, seen.Score + score) : (passage, score);
            }
        }

        return fused.Values.OrderByDescending(f => f.Score).ThenBy(f => f.Passage.Score).Take(limit).Select(f => f.Passage with { Score = f.Score }).ToList();
    }

    private async Task<IReadOnlyList<RetrievedPassage>> RankAsync(Index index, SearchScope scope, string match, int limit, CancellationToken cancellationToken)
    {
        // The index matches the user's owner token first, so only the user's passages are ever
        // ranked, whatever others have uploaded. With all documents in scope the best passages
        // are taken from the index before any join, unless one of the user's documents is being
        // indexed (only its passages are in the index without being Ready); a chosen few are
        // filtered first, then ranked. Lower bm25() is a better match; the Owner column weighs 0,
        // so scores are those of the text alone. The MATCH text is a bound parameter built from
        // quoted words only, so nothing the user typed is read as FTS5 syntax; the table and
        // column names are the two constants above. Guids are compared in EF Core's SQLite
        // storage format (upper-case text).
        var ownedMatch = $"Owner : \"{OwnerToken(scope.UserId)}\" AND {index.Column} : ({match})";
        var sessionId = scope.SessionId.ToString().ToUpperInvariant();
        return await db.Database.SqlQueryRaw<RetrievedPassage>(index.Query,
            ownedMatch, scope.AllDocuments, scope.UserId, nameof(DocumentStatus.Processing), limit, nameof(DocumentStatus.Ready), sessionId)
            .ToListAsync(cancellationToken);
    }

    /// <summary>
    /// The token the passage index stores for a user's passages (the PassageIndexByOwner
    /// migration's triggers build the same in SQL): the user id without dashes, lower case.
    /// </summary>
    internal static string OwnerToken(string userId) => "u" + userId.Replace("-", "", StringComparison.Ordinal).ToLowerInvariant();
}
