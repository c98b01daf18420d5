using DocChat.Web.Services.Answering;

namespace DocChat.Web.Tests.Services;

public sealed class CjkGramsTests
{
    [Fact]
    public void RunsBecomeOverlappingPairs_OtherTextIsLeftToTheWordIndex() =>
        Assert.Equal(["文档", "档测", "测试", "中"], CjkGrams.Of("文档测试 in English, 中!"));

    [Fact]
    public void TextWithoutCjk_HasNoBigrams() => Assert.Empty(CjkGrams.Of("plain English"));

    [Fact]
    public void TheQuestionsBigrams_AreQuotedForEitherIndex_NothingElseOfIt()
    {
        var grams = QueryTerms.Grams("首都是? OR NEAR(x)").ToList();

        Assert.Equal("\"首都\" OR \"都是\"", QueryTerms.ToFtsMatch(grams));
        Assert.Equal("'首都' | '都是'", QueryTerms.ToTsQuery(grams));
    }

    [Theory]
    [InlineData("電線の接続を行うことがで\nきる端子", "電線の接続を行うことができる端子")]
    [InlineData("Hard-wrapped\n  English text", "Hard-wrapped English text")]
    [InlineData("서울은 대한민국의\n수도이다", "서울은 대한민국의 수도이다")]
    public void OneLine_JoinsWrappedChineseAndJapaneseWithoutASpace(string text, string expected) =>
        Assert.Equal(expected, TextSpans.OneLine(text));
}
