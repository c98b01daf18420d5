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

    public async Task<IReadOnlyList<RetrievedPassage>> RankByWordsAsync(SearchScope scope, IReadOnlyList<string> words, int limit, CancellationToken cancellationToken)
    {
        // The tsquery is built from quoted runs of letters and digits (QueryTerms), a bound parameter.
        var query = QueryTerms.ToTsQuery(words);
        return await db.Database.SqlQuery<RetrievedPassage>($"""
            SELECT c."Id" AS "ChunkId", c."DocumentId", d."FileName" AS "DocumentName", c."StartOffset", c."Length",
                   c."PageNumber", c."Heading", c."Text",
                   -ts_rank(c."SearchVector", q.query, {LengthNormalisation})::double precision AS "Score"
            FROM to_tsquery('english', {query}) AS q(query)
            JOIN "DocumentChunks" AS c ON c."SearchVector" @@ q.query
            JOIN "Documents" AS d ON d."Id" = c."DocumentId"
            WHERE d."UserId" = {scope.UserId} AND d."Status" = {nameof(DocumentStatus.Ready)}
              AND ({scope.AllDocuments} OR c."DocumentId" IN
                   (SELECT sd."DocumentId" FROM "SessionDocuments" AS sd WHERE sd."SessionId" = {scope.SessionId}))
            ORDER BY "Score", c."Id"
            LIMIT {limit}
            """).ToListAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<RetrievedPassage>> RankByGramsAsync(SearchScope scope, IReadOnlyList<string> grams, int limit, CancellationToken cancellationToken)
    {
        var wanted = grams.ToArray();
        return await db.Database.SqlQuery<RetrievedPassage>($"""
            SELECT c."Id" AS "ChunkId", c."DocumentId", d."FileName" AS "DocumentName", c."StartOffset", c."Length",
                   c."PageNumber", c."Heading", c."Text",
                   -(SELECT count(*) FROM unnest(g."Grams") AS gram WHERE gram = ANY({wanted}))::double precision AS "Score"
            FROM "DocumentChunkGrams" AS g
            JOIN "DocumentChunks" AS c ON c."Id" = g."ChunkId"
            JOIN "Documents" AS d ON d."Id" = c."DocumentId"
            WHERE g."Grams" && {wanted}
              AND d."UserId" = {scope.UserId} AND d."Status" = {nameof(DocumentStatus.Ready)}
              AND ({scope.AllDocuments} OR c."DocumentId" IN
                   (SELECT sd."DocumentId" FROM "SessionDocuments" AS sd WHERE sd."SessionId" = {scope.SessionId}))
            ORDER BY "Score", c."Id"
            LIMIT {limit}
            """).ToListAsync(cancellationToken);
    }

    public async Task AddGramsAsync(long chunkId, string userId, IReadOnlyList<string> grams, CancellationToken cancellationToken)
    {
        var distinct = grams.Distinct(StringComparer.Ordinal).ToArray();
        await db.Database.ExecuteSqlAsync($"""INSERT INTO "DocumentChunkGrams" ("ChunkId", "Grams") VALUES ({chunkId}, {distinct})""", cancellationToken);
    }
}
