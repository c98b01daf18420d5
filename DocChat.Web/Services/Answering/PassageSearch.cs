using DocChat.Web.Data;
using DocChat.Web.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace DocChat.Web.Services.Answering;

/// <summary>
/// A passage found for a question. <see cref="Score"/> is only comparable within one search: the
/// index's (lower is better: SQLite's bm25(), PostgreSQL's negated ts_rank) until
/// <see cref="PassageSearch"/> re-ranks, then higher is better.
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

/// <summary>
/// Retrieval over the user's own ready passages: the provider's full-text index
/// (<see cref="IPassageIndex"/>: a word index and a CJK bigram index) finds and ranks candidates,
/// which are then re-ranked by their best sentence.
/// </summary>
public sealed class PassageSearch(DocChatDbContext db, IPassageIndex index)
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
    /// index ranks by its full-text score (a question with Chinese, Japanese or Korean text is also looked up in
    /// the bigram index, <see cref="CjkGrams"/>, and the two rankings are merged by reciprocal
    /// rank); the first <see cref="Candidates"/> are then re-ranked by <see cref="Rerank"/>.
    /// </summary>
    public async Task<IReadOnlyList<RetrievedPassage>> SearchAsync(
        SearchScope scope, string question, int limit, CancellationToken cancellationToken)
    {
        var candidates = Math.Max(limit, Candidates);
        var words = QueryTerms.Extract(question);
        var byWords = words.Count > 0 ? await index.RankByWordsAsync(scope, words, candidates, cancellationToken) : [];
        var grams = QueryTerms.Grams(question).Distinct(StringComparer.Ordinal).Take(QueryTerms.MaxTerms).ToList();
        if (grams.Count == 0)
        {
            return Rerank(question, byWords, limit);
        }

        var byGrams = await index.RankByGramsAsync(scope, grams, candidates, cancellationToken);
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
}
