using DocChat.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace DocChat.Web.Tests.Controllers;

/// <summary>Chinese, Japanese and Korean questions find passages that share only some of their words (issue 10, item 6).</summary>
public sealed class CjkSearchTests : SignedInTest
{
    [Theory]
    [InlineData("capitals.txt", "北京是中国的首都。\n\n上海是中国最大的城市，有很多高楼。", "中国的首都是哪里？", "北京是中国的首都")]
    [InlineData("tokyo.txt", "東京は日本の首都です。\n\n大阪は食べ物で有名です。", "日本の首都はどこですか", "東京は日本の首都です")]
    [InlineData("seoul.txt", "서울은 대한민국의 수도이다.\n\n부산은 항구 도시이다.", "대한민국의 수도는 어디인가요", "서울은 대한민국의 수도이다")]
    public async Task AQuestionSharingPartOfARun_FindsThePassage(string name, string text, string question, string expected)
    {
        await Browser.UploadAsync(ChatActions.TextFile(name, text));

        var page = await Browser.SendAsync(question);

        var answer = page.Document.QuerySelectorAll("#messages article.message[data-role=assistant]").Last().TextContent;
        Assert.Contains(expected, answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChineseAndEnglish_AreRankedTogether()
    {
        await Browser.UploadAsync(
            ChatActions.TextFile("tea.txt", "Green tea is grown in Hangzhou.\n\n杭州的龙井茶非常有名。"),
            ChatActions.TextFile("rivers.txt", "The Yangtze is the longest river in China."));

        var page = await Browser.SendAsync("龙井茶 Hangzhou");

        var answer = page.Document.QuerySelectorAll("#messages article.message[data-role=assistant]").Last();
        var references = answer.QuerySelectorAll(".reference").Select(r => r.TextContent).ToList();
        Assert.NotEmpty(references);
        Assert.All(references, r => Assert.Contains("tea.txt", r, StringComparison.Ordinal));
        Assert.Contains("龙井茶", answer.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeletingTheDocument_RemovesItsBigrams()
    {
        var page = await Browser.UploadAsync(ChatActions.TextFile("capitals.txt", "北京是中国的首都。"));
        Assert.Equal(1, await Factory.BigramRowsAsync());

        await Browser.SubmitAndFollowAsync(page.Form("#documents .delete-form"));

        Assert.True(await Factory.DeletedDocumentsErasedAsync());
        Assert.Equal(0, await Factory.BigramRowsAsync());
        if (!DocChatFactory.OnPostgres)
        {
            // SQLite's promise: nothing left in the files (PostgreSQL keeps dead rows until vacuum).
            Assert.True(await Factory.ErasedFromFilesAsync("首都"), "A deleted document's bigrams are still in the database files.");
        }
    }
}
