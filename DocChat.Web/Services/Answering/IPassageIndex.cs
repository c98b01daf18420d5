namespace DocChat.Web.Services.Answering;

/// <summary>
/// The full-text index of passages, one per database provider: SQLite's FTS5 tables
/// (<see cref="SqlitePassageIndex"/>) or PostgreSQL's tsvector column and bigram arrays
/// (<see cref="PostgresPassageIndex"/>). Both rank only the scope's own ready passages and never
/// read what the user typed as query syntax (terms are runs of letters and digits only).
/// </summary>
public interface IPassageIndex
{
    /// <summary>Passages with any of the words, best first (scores: lower is better), at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<RetrievedPassage>> RankByWordsAsync(SearchScope scope, IReadOnlyList<string> words, int limit, CancellationToken cancellationToken);

    /// <summary>Passages with any of the CJK bigrams (<see cref="CjkGrams"/>), best first (scores: lower is better).</summary>
    Task<IReadOnlyList<RetrievedPassage>> RankByGramsAsync(SearchScope scope, IReadOnlyList<string> grams, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// New passages of one document of the user's with what <see cref="AddPassagesAsync"/> indexes
    /// for them, built before the write transaction: it is work for the processor alone, which
    /// other writers need not wait behind.
    /// </summary>
    PassageBatch Prepare(string userId, IReadOnlyList<Data.Entities.DocumentChunk> passages);

    /// <summary>
    /// Stores the passages and indexes their words, in the caller's transaction, setting each one's
    /// <see cref="Data.Entities.DocumentChunk.Id"/>. Their bigrams are indexed apart
    /// (<see cref="PassageIndexExtensions.AddGramsOfAsync"/>).
    /// </summary>
    Task AddPassagesAsync(PassageBatch batch, CancellationToken cancellationToken);

    /// <summary>Indexes the bigrams of a stored passage with Chinese, Japanese or Korean text, in the caller's transaction.</summary>
    Task AddGramsAsync(long chunkId, string userId, IReadOnlyList<string> grams, CancellationToken cancellationToken);
}

/// <summary>Passages of one document, with the text the index takes for each (SQLite: owned words; PostgreSQL computes its own).</summary>
public sealed record PassageBatch(IReadOnlyList<Data.Entities.DocumentChunk> Passages, IReadOnlyList<string>? IndexedText = null);

public static class PassageIndexExtensions
{
    /// <summary>
    /// Indexes a stored passage's CJK bigrams (<see cref="CjkGrams"/>), if it has any: what the
    /// ingestion and copy-data do for every passage. True if it had some.
    /// </summary>
    public static async Task<bool> AddGramsOfAsync(this IPassageIndex index, long chunkId, string userId, string text, CancellationToken cancellationToken)
    {
        if (CjkGrams.Of(text).ToList() is not { Count: > 0 } grams)
        {
            return false;
        }

        await index.AddGramsAsync(chunkId, userId, grams, cancellationToken);
        return true;
    }
}
