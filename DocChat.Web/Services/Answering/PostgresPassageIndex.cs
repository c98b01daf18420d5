using DocChat.Web.Data;
using DocChat.Web.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace DocChat.Web.Services.Answering;

/// <summary>
/// Passages in PostgreSQL: words by the generated <c>tsvector</c> column of DocumentChunks (GIN
/// index, <see cref="PostgresSearch"/>), ranked by <c>ts_rank</c> with length normalisation;
/// CJK bigrams by the <c>text[]</c> of DocumentChunkGrams (GIN index), ranked by how many of the
/// question's bigrams a passage has. Every query joins the passage's document and keeps the user's
/// own ready ones in the session's scope.
/// </summary>
public sealed class PostgresPassageIndex(DocChatDbContext db) : IPassageIndex
{
    /// <summary>ts_rank normalisation 1: the rank is divided by 1 + the log of the passage's length, as BM25 favours short passages.</summary>
    private const int LengthNormalisation = 1;

    public async Task<IReadOnlyList<RetrievedPassage>> RankByWordsAsync(SearchScope scope, IReadOnlyList<string> words, int limit, CancellationToken cancellationToken) =>
        // The tsquery is built from quoted runs of letters and digits (QueryTerms), a bound parameter.
        await db.Database.SqlQueryRaw<RetrievedPassage>(ByWords, QueryTerms.ToTsQuery(words), LengthNormalisation, scope.UserId, scope.AllDocuments, scope.SessionId, limit)
            .ToListAsync(cancellationToken);

    public async Task<IReadOnlyList<RetrievedPassage>> RankByGramsAsync(SearchScope scope, IReadOnlyList<string> grams, int limit, CancellationToken cancellationToken) =>
        await db.Database.SqlQueryRaw<RetrievedPassage>(ByGrams, grams.ToArray(), scope.UserId, scope.AllDocuments, scope.SessionId, limit)
            .ToListAsync(cancellationToken);

    /// <summary>
    /// A ranking query over passages: the columns of a <see cref="RetrievedPassage"/> with the
    /// given score, from the given source, kept to the user's ready documents in the session's
    /// scope (the parameters user, all documents, session and limit at the given positions).
    /// Made of constants only.
    /// </summary>
    private static string Ranking(string score, string from, string match, int user, int all, int session, int limit) => $$"""
        SELECT c."Id" AS "ChunkId", c."DocumentId", d."FileName" AS "DocumentName", c."StartOffset", c."Length",
               c."PageNumber", c."Heading", c."Text", ({{score}})::double precision AS "Score"
        FROM {{from}}
        JOIN "Documents" AS d ON d."Id" = c."DocumentId"
        WHERE {{match}} AND d."UserId" = {{Parameter(user)}} AND d."Status" = '{{nameof(DocumentStatus.Ready)}}'
          AND ({{Parameter(all)}} OR c."DocumentId" IN
               (SELECT sd."DocumentId" FROM "SessionDocuments" AS sd WHERE sd."SessionId" = {{Parameter(session)}}))
        ORDER BY "Score", c."Id"
        LIMIT {{Parameter(limit)}}
        """;

    private static string Parameter(int position) => "{" + position + "}";

    private const string Vector = $"c.\"{PostgresSearch.VectorColumn}\"";

    /// <summary>Parameters: tsquery, normalisation, user, all documents, session, limit.</summary>
    private static readonly string ByWords = Ranking(
        score: $"-ts_rank({Vector}, q.query, {Parameter(1)})",
        from: $"to_tsquery('{PostgresSearch.Configuration}', {Parameter(0)}) AS q(query) JOIN \"DocumentChunks\" AS c ON {Vector} @@ q.query",
        match: "TRUE",
        user: 2, all: 3, session: 4, limit: 5);

    /// <summary>Parameters: the question's bigrams (text[]), user, all documents, session, limit.</summary>
    private static readonly string ByGrams = Ranking(
        score: $"-(SELECT count(*) FROM unnest(g.\"Grams\") AS gram WHERE gram = ANY({Parameter(0)}))",
        from: $"\"{PostgresSearch.GramsTable}\" AS g JOIN \"DocumentChunks\" AS c ON c.\"Id\" = g.\"ChunkId\"",
        match: $"g.\"Grams\" && {Parameter(0)}",
        user: 1, all: 2, session: 3, limit: 4);

    /// <summary>Nothing to build: the word vector is a generated column.</summary>
    public PassageBatch Prepare(string userId, IReadOnlyList<DocumentChunk> passages) => new(passages);

    /// <summary>Through EF Core: Npgsql sends the batch's inserts in one round trip, and the word vector is a generated column.</summary>
    public async Task AddPassagesAsync(PassageBatch batch, CancellationToken cancellationToken)
    {
        db.DocumentChunks.AddRange(batch.Passages);
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
    }

    public async Task AddGramsAsync(long chunkId, string userId, IReadOnlyList<string> grams, CancellationToken cancellationToken)
    {
        var distinct = grams.Distinct(StringComparer.Ordinal).ToArray();
        await db.Database.ExecuteSqlAsync($"""INSERT INTO "DocumentChunkGrams" ("ChunkId", "Grams") VALUES ({chunkId}, {distinct})""", cancellationToken);
    }
}
