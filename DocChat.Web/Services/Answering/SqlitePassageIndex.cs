using System.Text;
using DocChat.Web.Data;
using DocChat.Web.Data.Entities;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using SQLitePCL;

namespace DocChat.Web.Services.Answering;

/// <summary>
/// Passages in SQLite FTS5: DocumentChunksFts (words, porter stemming, contentless, filled a batch
/// at a time by <see cref="AddPassagesAsync"/>, emptied by triggers) and DocumentChunkGramsFts
/// (CJK bigrams, written here by the ingestion), both secure-delete, ranked by bm25(). Every term
/// carries its owner's key (<see cref="OwnedWords"/>), so a search reads and weighs the user's own
/// passages only.
/// </summary>
public sealed class SqlitePassageIndex(DocChatDbContext db) : IPassageIndex
{
    /// <summary>
    /// The passages with any of the words, best first by bm25(). Ranking scores every passage that
    /// has any of the words, which for common words is most of the user's passages. So when there
    /// are many, the passages with all the words are ranked first, and kept if no other passage can
    /// beat them: a word adds at most (k1 + 1) × its idf to a passage's score, so a passage without
    /// one of the words scores at most (k1 + 1) × the sum of the others' idf. When the last of the
    /// best passages with all the words scores more than that, they are the best of all the
    /// passages with any, exactly; otherwise every passage with any of the words is ranked.
    /// </summary>
    public async Task<IReadOnlyList<RetrievedPassage>> RankByWordsAsync(SearchScope scope, IReadOnlyList<string> words, int limit, CancellationToken cancellationToken)
    {
        var terms = OwnedWords.Terms(scope.UserId, words).ToList();
        if (terms.Count > 1)
        {
            // Each word's passages, in one statement (a question has up to QueryTerms.MaxTerms words).
            var counts = string.Join(" UNION ALL ", terms.Select((_, i) =>
                $$"""SELECT {{i}} AS Term, count(*) AS Passages FROM "DocumentChunksFts" WHERE "DocumentChunksFts" MATCH {{{i}}}"""));
            var found = (await db.Database.SqlQueryRaw<TermPassages>(counts, terms.Select(t => (object)QueryTerms.ToFtsMatch([t])).ToArray())
                .ToListAsync(cancellationToken)).Where(f => f.Passages > 0).ToList();
            if (found.Count == 0)
            {
                return [];
            }

            terms = found.Select(f => terms[f.Term]).ToList();
            if (found.Count > 1 && found.Sum(f => f.Passages) > RankAllBelow)
            {
                var allPassages = await IndexedPassagesAsync(cancellationToken);
                var idf = found.Select(f => Idf(allPassages, f.Passages)).ToList();
                var withoutOne = (Bm25K1 + 1) * (idf.Sum() - idf.Min());
                var best = await RankAsync(WordIndex, scope, QueryTerms.ToFtsMatch(terms, all: true), limit, cancellationToken);
                if (best.Count == limit && -best[^1].Score > withoutOne * (1 + 1e-9))
                {
                    return best;
                }
            }
        }

        return await RankAsync(WordIndex, scope, QueryTerms.ToFtsMatch(terms), limit, cancellationToken);
    }

    public Task<IReadOnlyList<RetrievedPassage>> RankByGramsAsync(SearchScope scope, IReadOnlyList<string> grams, int limit, CancellationToken cancellationToken) =>
        RankAsync(GramIndex, scope, QueryTerms.ToFtsMatch(OwnedWords.Terms(scope.UserId, grams)), limit, cancellationToken);

    private sealed record TermPassages(int Term, long Passages);

    /// <summary>Fewer matching passages than this are ranked at once (under a millisecond).</summary>
    private const long RankAllBelow = 2_000;

    /// <summary>FTS5's bm25() k1.</summary>
    private const double Bm25K1 = 1.2;

    /// <summary>A term's idf as FTS5's bm25() computes it (never below 1e-6).</summary>
    private static double Idf(long allPassages, long withTerm) =>
        Math.Max(1e-6, Math.Log((allPassages - withTerm + 0.5) / (withTerm + 0.5)));

    /// <summary>
    /// The number of rows in the word index, every user's, which bm25() takes for its idf: the first
    /// varint of FTS5's averages record (rowid 1 of its data table), as FTS5 reads it.
    /// </summary>
    private async Task<long> IndexedPassagesAsync(CancellationToken cancellationToken)
    {
        var record = await db.Database.SqlQuery<byte[]>($"""SELECT block AS Value FROM "DocumentChunksFts_data" WHERE id = 1""")
            .SingleOrDefaultAsync(cancellationToken);
        return record is { Length: > 0 } ? (long)SqliteVarint(record) : 0;
    }

    /// <summary>SQLite's variable-length integer: up to eight bytes of 7 bits (high bit: more follow), then one of 8.</summary>
    private static ulong SqliteVarint(ReadOnlySpan<byte> bytes)
    {
        ulong value = 0;
        for (var i = 0; i < Math.Min(bytes.Length, 9); i++)
        {
            if (i == 8)
            {
                return (value << 8) | bytes[i];
            }

            value = (value << 7) | (uint)(bytes[i] & 0x7F);
            if ((bytes[i] & 0x80) == 0)
            {
                break;
            }
        }

        return value;
    }

    /// <summary>Each passage's owned words (<see cref="OwnedWords"/>), as the delete trigger builds them with <see cref="OwnedWords.Function"/>.</summary>
    public PassageBatch Prepare(string userId, IReadOnlyList<DocumentChunk> passages) =>
        new(passages, passages.Select(p => OwnedWords.Of(userId, p.Text)).ToList());

    /// <summary>
    /// The passages and their owned words, by two statements prepared once for the batch and run
    /// for each passage: the passage with an id of its own, then its words into the index under
    /// that id. The ids are AUTOINCREMENT's next ones, read in the caller's write transaction, so
    /// nobody else can take them meanwhile. The statements are SQLite's own (SQLitePCL, on the
    /// connection's handle): values are bound by position, the text as UTF-8 from one reused
    /// buffer, so storing a passage allocates nothing. This is the ingestion's hottest loop.
    /// Measured, the bench's 100,000 passages (16.5 MB), 500 per transaction, alternated: 1.49-1.67 s,
    /// against 1.72-2.35 s for the same two INSERTs through a prepared SqliteCommand with named
    /// parameters, which binds every parameter by name to each statement and encodes each text
    /// into a new array (docs/performance.md). Earlier, an INSERT … RETURNING per passage followed
    /// by one INSERT … SELECT that built the owned words with the SQL function took 1.5 times as
    /// long as the command.
    /// </summary>
    public async Task AddPassagesAsync(PassageBatch batch, CancellationToken cancellationToken)
    {
        var (passages, indexedText) = (batch.Passages, batch.IndexedText ?? throw new ArgumentException("A batch made by Prepare is added.", nameof(batch)));
        if (passages.Count == 0)
        {
            return;
        }

        var transaction = db.Database.CurrentTransaction?.GetDbTransaction() as SqliteTransaction
            ?? throw new InvalidOperationException("Passages are added in a write transaction, which reserves their ids.");
        var connection = transaction.Connection!;
        long lastId;
        await using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = """
                SELECT max(coalesce((SELECT "seq" FROM "sqlite_sequence" WHERE "name" = 'DocumentChunks'), 0),
                           coalesce((SELECT max("Id") FROM "DocumentChunks"), 0))
                """;
            lastId = (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        }

        var handle = connection.Handle!;
        using var passage = Statement(handle, """
            INSERT INTO "DocumentChunks" ("Id", "DocumentId", "Ordinal", "StartOffset", "Length", "PageNumber", "Heading", "Text", "Separator")
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
            """);
        using var words = Statement(handle, $"""INSERT INTO "{WordIndex.Table}"(rowid, "Text") VALUES (?1, ?2)""");
        var utf8 = new Utf8Text();
        void Bound(int result) => SqliteException.ThrowExceptionForRC(result, handle);

        // One document's passages; its id in EF Core's SQLite storage format for a Guid (upper-case text).
        Bound(utf8.Bind(passage, 2, passages[0].DocumentId.ToString().ToUpperInvariant()));
        for (var i = 0; i < passages.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var chunk = passages[i];
            chunk.Id = ++lastId;
            Bound(raw.sqlite3_bind_int64(passage, 1, chunk.Id));
            Bound(raw.sqlite3_bind_int64(passage, 3, chunk.Ordinal));
            Bound(raw.sqlite3_bind_int64(passage, 4, chunk.StartOffset));
            Bound(raw.sqlite3_bind_int64(passage, 5, chunk.Length));
            Bound(chunk.PageNumber is { } page ? raw.sqlite3_bind_int64(passage, 6, page) : raw.sqlite3_bind_null(passage, 6));
            Bound(chunk.Heading is { } heading ? utf8.Bind(passage, 7, heading) : raw.sqlite3_bind_null(passage, 7));
            Bound(utf8.Bind(passage, 8, chunk.Text));
            Bound(utf8.Bind(passage, 9, chunk.Separator));
            Run(handle, passage);
            Bound(raw.sqlite3_bind_int64(words, 1, chunk.Id));
            Bound(utf8.Bind(words, 2, indexedText[i]));
            Run(handle, words);
        }
    }

    /// <summary>A statement prepared on the connection (finalized when disposed); errors as <see cref="SqliteException"/>.</summary>
    private static sqlite3_stmt Statement(sqlite3 handle, string sql)
    {
        var result = raw.sqlite3_prepare_v2(handle, sql, out var statement);
        SqliteException.ThrowExceptionForRC(result, handle);
        return statement;
    }

    /// <summary>Runs a statement that returns no rows, and resets it for its next values.</summary>
    private static void Run(sqlite3 handle, sqlite3_stmt statement)
    {
        var result = raw.sqlite3_step(statement);
        if (result != raw.SQLITE_DONE)
        {
            SqliteException.ThrowExceptionForRC(result, handle);
        }

        raw.sqlite3_reset(statement);
    }

    /// <summary>Binds text as UTF-8 (SQLite copies it), encoded into one buffer reused for every value.</summary>
    private sealed class Utf8Text
    {
        private byte[] buffer = new byte[4096];

        public int Bind(sqlite3_stmt statement, int position, string text)
        {
            var most = Encoding.UTF8.GetMaxByteCount(text.Length);
            if (most > buffer.Length)
            {
                buffer = new byte[Math.Max(most, buffer.Length * 2)];
            }

            var length = Encoding.UTF8.GetBytes(text, buffer);
            return raw.sqlite3_bind_text(statement, position, buffer.AsSpan(0, length));
        }
    }

    public async Task AddGramsAsync(long chunkId, string userId, IReadOnlyList<string> grams, CancellationToken cancellationToken)
    {
        var text = OwnedWords.Of(userId, string.Join(' ', grams));
        await db.Database.ExecuteSqlAsync(
            $"""INSERT INTO "DocumentChunkGramsFts"(rowid, "Grams") VALUES ({chunkId}, {text})""", cancellationToken);
    }

    /// <summary>An FTS5 index of passages, with its ranking query (parameters: match, all documents, user id, "Processing", limit, "Ready", session id).</summary>
    private sealed record Index(string Table)
    {
        public string Query { get; } = $$"""
                SELECT c.Id AS ChunkId, c.DocumentId, d.FileName AS DocumentName, c.StartOffset, c.Length,
                       c.PageNumber, c.Heading, c.Text, f.Score
                FROM (SELECT rowid AS ChunkId, bm25("{{Table}}") AS Score
                      FROM "{{Table}}" WHERE "{{Table}}" MATCH {0}
                      ORDER BY Score
                      LIMIT CASE WHEN {1} AND NOT EXISTS
                          (SELECT 1 FROM Documents AS p WHERE p.UserId = {2} AND p.Status = {3})
                      THEN {4} ELSE -1 END) AS f
                CROSS JOIN DocumentChunks AS c ON c.Id = f.ChunkId
                CROSS JOIN Documents AS d ON d.Id = c.DocumentId
                WHERE d.UserId = {2}
                  AND d.Status = {5}
                  AND ({1} OR c.DocumentId IN
                       (SELECT sd.DocumentId FROM SessionDocuments AS sd WHERE sd.SessionId = {6}))
                ORDER BY f.Score
                LIMIT {4}
                """;
    }

    private static readonly Index WordIndex = new("DocumentChunksFts");
    private static readonly Index GramIndex = new("DocumentChunkGramsFts");

    private async Task<IReadOnlyList<RetrievedPassage>> RankAsync(Index index, SearchScope scope, string ownedMatch, int limit, CancellationToken cancellationToken)
    {
        // Every term carries the user's key, so the index reads only the user's term lists, and
        // bm25() counts a term's passages among the user's alone, whatever others have uploaded
        // (the number of passages and their mean length it takes from the whole index).
        // With all documents in scope the best passages are taken from the index before any join,
        // unless one of the user's documents is being indexed (only its passages are in the index
        // without being Ready); a chosen few are filtered first, then ranked. Lower bm25() is a
        // better match. The joins keep the user's own documents whatever the keys (two users could
        // share one, at odds of about 2^-64). They are CROSS JOINs, which SQLite takes in the order
        // written: from the ranked passages to their rows. Left to itself, the planner went from the
        // ready documents to every one of their passages and looked each up in the ranking, so an
        // answer cost grew with the size of the user's documents (the bench's 100,000 passages:
        // 14 ms for that query, 5 ms this way). The MATCH text is a bound parameter built from quoted
        // words only, so nothing the user typed is read as FTS5 syntax; the table names are the two
        // constants above. Guids are compared in EF Core's SQLite storage format (upper-case text).
        var sessionId = scope.SessionId.ToString().ToUpperInvariant();
        return await db.Database.SqlQueryRaw<RetrievedPassage>(index.Query,
            ownedMatch, scope.AllDocuments, scope.UserId, nameof(DocumentStatus.Processing), limit, nameof(DocumentStatus.Ready), sessionId)
            .ToListAsync(cancellationToken);
    }
}
