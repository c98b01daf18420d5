using DocChat.Web.Services.Answering;

namespace DocChat.Web.Tests.Services;

public sealed class QueryTermsTests
{
    [Theory]
    [InlineData("What is the vacation policy?", "\"vacation\" OR \"policy\"")]
    [InlineData("\"unbalanced NEAR(x y) vacation*", "\"unbalanced\" OR \"near\" OR \"vacation\"")]
    [InlineData("Text: col^ {a b} -c 7", "\"text\" OR \"col\" OR \"7\"")]
    [InlineData("Who was Brown's coach?", "\"brown\" OR \"coach\"")]
    [InlineData("Café déjà-vu", "\"café\" OR \"déjà\" OR \"vu\"")]
    public void ToFtsMatch_QuotesEveryWord_SoNothingIsReadAsFtsSyntax(string question, string expected) =>
        Assert.Equal(expected, QueryTerms.ToFtsMatch(QueryTerms.Extract(question)));

    [Fact]
    public void ToTsQuery_QuotesEveryWordAsALexeme_SoNothingIsReadAsTsquerySyntax() =>
        Assert.Equal("'vacation' | 'near' | 'lexeme'", QueryTerms.ToTsQuery(QueryTerms.Extract("vacation* & !NEAR(x) | 'lexeme''s' <-> 'or'")));

    [Theory]
    [InlineData("")]
    [InlineData("?!.,;")]
    [InlineData("what is it")]
    public void Extract_WithoutSearchableWords_IsEmpty(string question) =>
        Assert.Empty(QueryTerms.Extract(question));

    [Fact]
    public void Extract_IsDistinct_AndCapped()
    {
        var words = string.Join(' ', Enumerable.Range(0, 100).Select(i => $"word{i} word{i}"));

        var terms = QueryTerms.Extract(words);

        Assert.Equal(32, terms.Count);
        Assert.Equal(terms.Distinct(), terms);
    }

    [Theory]
    [InlineData("passages", "passag")]
    [InlineData("passage", "passag")]
    [InlineData("condenses", "condens")]
    [InlineData("condense", "condens")]
    [InlineData("requested", "request")]
    [InlineData("walking", "walk")]
    [InlineData("going", "going")]
    [InlineData("is", "is")]
    public void Stem_StripsCommonSuffixes_OnlyFromLongerWords(string word, string stem) =>
        Assert.Equal(stem, QueryTerms.Stem(word));

    [Theory]
    [InlineData("Requests are WALKED to the manager.", "request,walk")]
    [InlineData("The ﬁle requested is here.", "file,request")]
    [InlineData("龙井茶非常有名", "龙井,井茶")]
    [InlineData("Nothing here.", "")]
    public void Matched_FindsTheStemmedWordsAndBigramsOfTheSpan_FoldedAsTheQuestion(string sentence, string expected)
    {
        var terms = QueryTerms.Extract("walking requests file 龙井茶").Select(QueryTerms.Stem).Concat(QueryTerms.Grams("龙井茶")).ToHashSet(StringComparer.Ordinal);
        var text = "Before. " + sentence + " After walking.";

        var matched = QueryTerms.Matched(text, new TextSpan(8, sentence.Length), terms);

        Assert.Equal(expected.Split(',', StringSplitOptions.RemoveEmptyEntries).Order(), matched.Order());
    }
}
