using DocChat.Web.Data;
using DocChat.Web.Data.Entities;
using DocChat.Web.Services.Answering;
using DocChat.Web.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;

namespace DocChat.Web.Tests.Data;

/// <summary>The passage index keyed by owner (issue 8): upgrades, isolation and deletion.</summary>
public sealed class PassageIndexTests : SignedInTest
{
    [Theory]
    [InlineData("Plain words, digits 42 and punctuation: it's done.")]
    [InlineData("Accents: café naïve résumé; combining: e\u0301te\u0301; Greek λόγος; Cyrillic слово")]
    [InlineData("CJK 文档测试 and かな and 한국어; Arabic كلمة; superscript x² ½; emoji 😀 between; private \uE000\uE001 use")]
    [InlineData("Soft\u00ADhyphen, zero\u200Bwidth, tab\tand\nlines, under_score, a-b, C++")]
    public async Task EveryTokenOfTheOwnedText_IsTheKeyAndAWordOfThePlainText(string text)
    {
        // The contract with FTS5's unicode61 tokenizer: the owned text has exactly the plain
        // text's tokens, each with the user's key in front (the delete trigger depends on it).
        await using var connection = new SqliteConnection("Data Source=:memory:");
        await connection.OpenAsync();
        await using (var create = connection.CreateCommand())
        {
            create.CommandText = """
                CREATE VIRTUAL TABLE t USING fts5(text, tokenize = 'unicode61');
                CREATE VIRTUAL TABLE v USING fts5vocab(t, instance);
                """;
            await create.ExecuteNonQueryAsync();
        }

        var key = OwnedWords.Key(UserId).ToLowerInvariant();
        var plain = await TokensAsync(connection, 1, text);
        var owned = await TokensAsync(connection, 2, OwnedWords.Of(UserId, text));

        Assert.NotEmpty(plain);
        Assert.Equal(plain.Select(token => key + token), owned);
    }

    private static async Task<List<string>> TokensAsync(SqliteConnection connection, long rowid, string text)
    {
        await using var insert = connection.CreateCommand();
        insert.CommandText = "INSERT INTO t(rowid, text) VALUES ($rowid, $text)";
        insert.Parameters.AddWithValue("$rowid", rowid);
        insert.Parameters.AddWithValue("$text", text);
        await insert.ExecuteNonQueryAsync();
        await using var read = connection.CreateCommand();
        read.CommandText = "SELECT term FROM v WHERE doc = $rowid ORDER BY offset";
        read.Parameters.AddWithValue("$rowid", rowid);
        var tokens = new List<string>();
        await using var reader = await read.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            tokens.Add(reader.GetString(0));
        }

        return tokens;
    }

    [Fact]
    public async Task UpgradingADatabaseOfTheFirstRelease_KeepsEveryPassageSearchable_ForItsOwnerOnly()
    {
        await using var database = await InMemorySqlite.OpenAsync();
        var db = database.Db;
        await db.GetService<IMigrator>().MigrateAsync("20261121000000_InitialCreate");
        await db.Database.ExecuteSqlRawAsync("""
            INSERT INTO AspNetUsers (Id, AccessFailedCount, EmailConfirmed, LockoutEnabled, PhoneNumberConfirmed, TwoFactorEnabled)
            VALUES ('0a1b2c3d-0000-0000-0000-00000000000a', 0, 0, 0, 0, 0), ('0a1b2c3d-0000-0000-0000-00000000000b', 0, 0, 0, 0, 0);
            INSERT INTO Documents (Id, UserId, FileName, ContentType, SizeBytes, UploadedUtc, Status, Sha256, Text, ChunkCount)
            VALUES ('D0000000-0000-0000-0000-00000000000A', '0a1b2c3d-0000-0000-0000-00000000000a', 'a.txt', 'text/plain', 10, '2026-01-01', 'Ready', 'aa', 'Zebras graze.', 1),
                   ('D0000000-0000-0000-0000-00000000000B', '0a1b2c3d-0000-0000-0000-00000000000b', 'b.txt', 'text/plain', 10, '2026-01-01', 'Ready', 'bb', 'Zebras run.', 1);
            INSERT INTO DocumentChunks (DocumentId, Ordinal, StartOffset, Length, Text)
            VALUES ('D0000000-0000-0000-0000-00000000000A', 0, 0, 13, 'Zebras graze.'), ('D0000000-0000-0000-0000-00000000000B', 0, 0, 11, 'Zebras run.');
            """);

        await db.Database.MigrateAsync();

        Assert.Equal(2, await db.DocumentChunks.CountAsync());
        var term = OwnedWords.Terms("0a1b2c3d-0000-0000-0000-00000000000a", ["zebra"]).Single();
        var found = await db.Database.SqlQuery<long>($"SELECT rowid AS Value FROM DocumentChunksFts WHERE DocumentChunksFts MATCH {term}").ToListAsync();
        Assert.Equal([await db.DocumentChunks.Where(c => c.Text == "Zebras graze.").Select(c => c.Id).SingleAsync()], found);
    }

    [SqliteFact]
    public async Task AnotherUsersPassages_DoNotChangeHowAUsersPassagesRank()
    {
        // For this user "aardvark7" is the rarer word (one passage against two), so bm25() puts its
        // passage first. Another user then fills the index with "aardvark7": weighed over the whole
        // index it would become the commoner word and the other two passages would go first.
        await Browser.UploadAsync(
            ChatActions.TextFile("a.txt", "The aardvark7 digs at night."),
            ChatActions.TextFile("b.txt", "The pangolin7 rolls into a ball."),
            ChatActions.TextFile("c.txt", "The pangolin7 climbs the trees."));
        Assert.Equal("a.txt", (await RankAsync()).First());

        using var other = Factory.CreateBrowser();
        await other.RegisterAsync();
        var filler = " and then it walks on along the river bank, slowly, looking for ants under the stones";
        await other.UploadAsync(ChatActions.TextFile("many.txt", string.Join("\n\n",
            Enumerable.Range(0, 40).Select(i => $"Paragraph {i}: the aardvark7" + string.Concat(Enumerable.Repeat(filler, 10)) + "."))));
        Assert.Equal(40, await Factory.WithDbAsync(db => db.DocumentChunks.CountAsync(c => c.Document!.FileName == "many.txt")));

        var ranked = await RankAsync();
        Assert.Equal("a.txt", ranked[0]);
        Assert.Equal(["b.txt", "c.txt"], ranked.Skip(1).Order());

        async Task<List<string>> RankAsync()
        {
            await using var scope = Factory.Services.CreateAsyncScope();
            var passages = await scope.ServiceProvider.GetRequiredService<IPassageIndex>()
                .RankByWordsAsync(new SearchScope(UserId, Guid.Empty, AllDocuments: true), ["aardvark7", "pangolin7"], 5, CancellationToken.None);
            return passages.Select(p => p.DocumentName).ToList();
        }
    }

    [Fact]
    public async Task DeletingALargeDocument_HidesItAtOnce_AndItsPassagesGoInBatchesInTheBackground()
    {
        var text = string.Join("\n\n", Enumerable.Range(0, 700).Select(i => $"Paragraph {i} about the capybara7 and its habits, repeated to fill a passage. " + new string('x', 700)));
        var file = ChatActions.TextFile("big.txt", text);
        var page = await Browser.UploadAsync(file);
        var passages = await Factory.CountAsync<DocumentChunk>();
        Assert.True(passages > 2 * DocChat.Web.Services.Documents.DeletedDocumentErasure.BatchSize, $"Only {passages} passages: not enough to need several batches.");

        var after = await Browser.SubmitAndFollowAsync(page.Form("#documents .delete-form"));

        Assert.NotNull(after.Document.QuerySelector("#no-documents"));
        var answer = await Browser.SendAsync("What about the capybara7?");
        Assert.Equal("nodocuments", answer.Document.QuerySelectorAll("#messages article.message[data-role=assistant]").Last().GetAttribute("data-outcome"));

        // The same file can be uploaded again at once: the deleted copy no longer counts as a duplicate.
        var again = await Browser.UploadAsync(file);
        Assert.Equal(["big.txt"], again.Texts("#documents .document-name"));
        Assert.True(await Factory.DeletedDocumentsErasedAsync());
        Assert.Equal(passages, await Factory.CountAsync<DocumentChunk>());
    }

    [SqliteFact]
    public async Task TheWordIndex_MergesItsSegmentsSixteenAtATime()
    {
        // Each ingestion transaction writes a segment; merging every four of a size again and again
        // was a third of what storing passages cost (migration PassageIndexMergesLess). The setting
        // lives in the index itself, so a migration that rebuilds the index must set it again.
        var automerge = await Factory.WithDbAsync(db => db.Database
            .SqlQuery<long>($"SELECT v AS Value FROM DocumentChunksFts_config WHERE k = 'automerge'").SingleAsync());
        Assert.Equal(16, automerge);
    }

    [SqliteFact]
    public async Task DeletingADocument_LeavesNoneOfItsWordsInTheDatabaseFiles()
    {
        // Ends in a digit: the porter stemmer would index "…marker" as "…mark", and the test would pass for the wrong reason.
        const string marker = "quagga7f3e1marker42";
        var page = await Browser.UploadAsync(ChatActions.TextFile("secret.txt", $"The {marker} lives in the delta."));
        Assert.True(Factory.DatabaseFilesContain(marker), "The marker must be on disk first, or this test proves nothing.");

        await Browser.SubmitAndFollowAsync(page.Form("#documents .delete-form"));

        Assert.True(await Factory.ErasedFromFilesAsync(marker), "A deleted document's words are still in the database, its WAL or the passage index.");
    }

    [SqliteFact]
    public async Task PassagesRemovedByACascade_LeaveTheIndexToo()
    {
        await Browser.UploadAsync(ChatActions.TextFile("notes.txt", "Okapis live in forests."));
        Assert.Single(await Factory.PassagesIndexedForAsync(UserId, "okapi"));

        await Factory.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("DELETE FROM Documents"));

        Assert.Empty(await Factory.PassagesIndexedForAsync(UserId, "okapi"));
        Assert.Equal(0, await Factory.CountAsync<DocumentChunk>());
    }

    [SqliteFact]
    public async Task PassagesOfADeletedAccount_LeaveNoWordInTheFiles_EvenThroughTheForeignKeyCascade()
    {
        const string marker = "wombat5c2e9d17";
        await Browser.UploadAsync(ChatActions.TextFile("notes.txt", $"The {marker} digs burrows under the eucalyptus."));
        Assert.True(Factory.DatabaseFilesContain(marker), "The marker must be on disk first, or this test proves nothing.");

        await Factory.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("DELETE FROM AspNetUsers"));
        await Factory.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE)"));

        Assert.False(Factory.DatabaseFilesContain(marker), "The passage index kept a deleted account's words.");
        Assert.Equal(0, await Factory.CountAsync<DocumentChunk>());
    }
}
