using DocChat.Web.Services.Documents;

namespace DocChat.Web.Tests.Services;

public sealed class ReadableTextTests
{
    [Theory]
    [InlineData("The committee met on Tuesday and agreed the budget for next year.")]
    [InlineData("\u202Bانواع الخطوط العربية\u202C")]
    [InlineData("| 2019 | 1,204 | 3.5% |\n| 2020 | 1,377 | 4.1% |")]
    [InlineData("短い")]
    public void Text_IsReadable(string text) => Assert.False(ReadableText.Assess(text).IsUnreadable);

    [Theory]
    [InlineData("\u0012\u0098\u0087\u0094\u0098\u008B\u0087\u0099\u0003\u0091\u0088\u0003\u0096\u008A\u0087\u0003")]
    [InlineData("\uE041\uE042\uE043 \uE044\uE045 \uE046\uE047\uE048\uE049 \uE04A\uE04B")]
    [InlineData("‹–‡• ‹–‡• ˆ‰Š ‹–‡• †‡•›‹ –‡•ˆ ‰Š‹–‡")]
    [InlineData("Report \uFFFD\uFFFD\uFFFD \uFFFD\uFFFD\uFFFD\uFFFD")]
    public void GarbledText_IsUnreadable(string text) => Assert.True(ReadableText.Assess(text).IsUnreadable);

    [Fact]
    public void Clean_FoldsLigaturesAndPresentationForms_AndDropsDirectionMarks()
    {
        Assert.Equal("financial offices", ReadableText.Clean("\uFB01nancial o\uFB03ces"));
        Assert.Equal("العربية", ReadableText.Clean("\u202B\uFE8D\uFEDF\uFECC\uFEAE\uFE91\uFEF4\uFE94\u202C"));
        Assert.Equal("ABC 123", ReadableText.Clean("\uFF21\uFF22\uFF23 \uFF11\uFF12\uFF13"));
        Assert.Equal("hyphenation", ReadableText.Clean("hy\u00ADphen\u00ADation"));
    }

    [Fact]
    public void Clean_RemovesStrayUnreadableCharacters_WithoutGluingWords() =>
        Assert.Equal("Total revenue", ReadableText.Clean("Total\u0003revenue\uFFFD"));

    [Fact]
    public void Keep_LeavesOutAndCountsUnreadablePages()
    {
        var document = new ExtractedDocument(
        [
            new TextSection("The opening page is fine.", Page: 1),
            new TextSection("\uE041\uE042\uE043 \uE044\uE045 \uE046\uE047\uE048\uE049 \uE04A\uE04B\uE04C\uE04D", Page: 2),
            new TextSection("The closing page is fine too.", Page: 3),
        ], PageCount: 3);

        var kept = ReadableText.Keep(document, "report.pdf");

        Assert.Equal([1, 3], kept.Sections.Select(s => s.Page));
        Assert.Equal(1, kept.UnreadablePages);
    }

    [Fact]
    public void Keep_RefusesAPdfWithNoReadablePage()
    {
        var document = new ExtractedDocument([new TextSection("\uE041\uE042\uE043 \uE044\uE045 \uE046\uE047\uE048\uE049", Page: 1)], PageCount: 1);

        var refused = Assert.Throws<DocumentReadException>(() => ReadableText.Keep(document, "garbled.pdf"));

        Assert.Contains("the text layer of this PDF is unreadable", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Keep_RefusesAnUnpagedDocumentThatIsMostlyUnreadable()
    {
        var document = new ExtractedDocument([new TextSection("ok \u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008")]);

        var refused = Assert.Throws<DocumentReadException>(() => ReadableText.Keep(document, "odd.txt"));

        Assert.StartsWith("odd.txt was not added: 80% of its characters are unreadable", refused.Message, StringComparison.Ordinal);
    }
}
