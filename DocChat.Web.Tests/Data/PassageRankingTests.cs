using DocChat.Web.Data;
using DocChat.Web.Services.Answering;
using DocChat.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DocChat.Web.Tests.Data;

/// <summary>
/// SQLite's word search ranks the passages with all the question's words first when many passages
/// match, and keeps them only when no other passage can beat them: its results are those of
/// ranking every matching passage.
/// </summary>
public sealed class PassageRankingTests() : SignedInTest(new Dictionary<string, string?>
{
    // One paragraph of about 150 characters per passage.
    ["DocChat:Documents:MaxPassageCharacters"] = "200",
})
{
    private const int Limit = 15;

    [SqliteFact]
    public async Task RankingTheBestFirst_GivesTheBestOfAllMatchingPassages()
    {
        var random = new Random(7);
        string Filler(int words) => string.Join(' ', Enumerable.Range(0, words).Select(_ => $"w{random.Next(10_000):D4}"));
        var paragraphs = Enumerable.Range(0, 5_000).Select(_ => string.Join(' ', Enumerable.Range(0, 25).Select(_ =>
            random.NextDouble() switch { < 0.025 => "river", < 0.042 => "garden", < 0.059 => "bridge", _ => $"w{random.Next(10_000):D4}" }))).ToList();
        // A rarer word: in 30 passages three times without "river", in 30 once with it. Passages
        // with both words are not the best for "aardvark7 river": the 30 with it three times are.
        paragraphs.AddRange(Enumerable.Range(0, 30).Select(_ => "aardvark7 aardvark7 aardvark7 " + Filler(22)));
        paragraphs.AddRange(Enumerable.Range(0, 30).Select(_ => "aardvark7 river " + Filler(23)));
        await Browser.UploadAsync(ChatActions.TextFile("many.txt", string.Join("\n\n", paragraphs.OrderBy(_ => random.Next()))));
        Assert.Equal(5_060, await Factory.CountAsync<DocChat.Web.Data.Entities.DocumentChunk>());

        string[][] questions = [["river", "garden", "bridge"], ["river", "garden"], ["aardvark7", "river"], ["garden", "aardvark7", "nothing7"]];
        foreach (var words in questions)
        {
            await using var scope = Factory.Services.CreateAsyncScope();
            var ranked = await scope.ServiceProvider.GetRequiredService<IPassageIndex>()
                .RankByWordsAsync(new SearchScope(UserId, Guid.Empty, AllDocuments: true), words, Limit, CancellationToken.None);

            // Passages often tie, so the scores are compared, in order.
            var all = await AllRankedAsync(scope.ServiceProvider.GetRequiredService<DocChatDbContext>(), words);
            Assert.Equal(Limit, ranked.Count);
            Assert.Equal(all.Select(s => Math.Round(s, 9)), ranked.Select(p => Math.Round(p.Score, 9)));
        }
    }

    /// <summary>The best scores of every passage with any of the words, ranked at once.</summary>
    private async Task<List<double>> AllRankedAsync(DocChatDbContext db, string[] words) =>
        await db.Database.SqlQuery<double>($"""
            SELECT bm25("DocumentChunksFts") AS Value FROM "DocumentChunksFts"
            WHERE "DocumentChunksFts" MATCH {QueryTerms.ToFtsMatch(OwnedWords.Terms(UserId, words))}
            ORDER BY Value LIMIT {Limit}
            """).ToListAsync();
}
