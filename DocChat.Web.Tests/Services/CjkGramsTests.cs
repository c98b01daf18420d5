using DocChat.Web.Services.Answering;

namespace DocChat.Web.Tests.Services;

public sealed class CjkGramsTests
{
    [Fact]
    public void RunsBecomeOverlappingPairs_OtherTextIsLeftToTheWordIndex() =>
        Assert.Equal(["文档", "档测", "测试", "中"], CjkGrams.Of("文档测试 in English, 中!"));

    [Fact]
    public void TextWithoutCjk_HasNoIndexText() => Assert.Null(CjkGrams.IndexText("plain English"));

    [Fact]
    public void TheGramMatch_QuotesEveryBigram() =>
        Assert.Equal("\"首都\" OR \"都是\"", QueryTerms.ToGramMatch("首都是? OR NEAR(x)"));

    [Theory]
    [InlineData("電線の接続を行うことがで\nきる端子", "電線の接続を行うことができる端子")]
    [InlineData("Hard-wrapped\n  English text", "Hard-wrapped English text")]
    [InlineData("서울은 대한민국의\n수도이다", "서울은 대한민국의 수도이다")]
    public void OneLine_JoinsWrappedChineseAndJapaneseWithoutASpace(string text, string expected) =>
        Assert.Equal(expected, TextSpans.OneLine(text));
}
