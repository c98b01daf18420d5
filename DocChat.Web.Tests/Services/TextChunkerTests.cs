using DocChat.Web.Options;
using DocChat.Web.Services.Answering;
using DocChat.Web.Services.Documents;

namespace DocChat.Web.Tests.Services;

public sealed class TextChunkerTests
{
    private static TextChunker Chunker(int max) =>
        new(Microsoft.Extensions.Options.Options.Create(new DocumentOptions { MaxPassageCharacters = max }));

    [Fact]
    public void Split_ShortParagraphs_AreJoinedUpToTheLimit_AndCutAtParagraphEnds()
    {
        var text = "First paragraph here.\n\nSecond paragraph here.\n\nThird one, a little longer than the others.";

        var chunks = Chunker(50).Split(text);

        Assert.Equal(["First paragraph here.\n\nSecond paragraph here.", "Third one, a little longer than the others."], chunks.Select(c => c.Text));
    }

    [Fact]
    public void Split_EveryPassage_PointsBackIntoTheTextByOffset_AndKeepsEveryWord()
    {
        var random = new Random(42);
        var words = new[] { "alpha", "beta", "gamma", "delta.", "epsilon!", "zeta?", "eta\n", "theta\n\n" };
        var text = string.Concat(Enumerable.Range(0, 3000).Select(_ => words[random.Next(words.Length)] + " "));

        var chunks = Chunker(200).Split(text);

        Assert.All(chunks, c => Assert.Equal(c.Text, text.Substring(c.StartOffset, c.Length)));
        Assert.All(chunks, c => Assert.InRange(c.Length, 1, 200));
        Assert.Equal(Enumerable.Range(0, chunks.Count), chunks.Select(c => c.Ordinal));
        Assert.Equal(QueryTerms.Words(text), chunks.SelectMany(c => QueryTerms.Words(c.Text)));
    }

    [Fact]
    public void Split_AWordLongerThanTheLimit_IsCutHard()
    {
        var text = new string('x', 450);

        var chunks = Chunker(200).Split(text);

        Assert.Equal([200, 200, 50], chunks.Select(c => c.Length));
    }

    [Fact]
    public void Split_Sections_KeepTheWhiteSpaceBetweenPassages_SoThePassagesAreTheText()
    {
        TextSection[] sections =
        [
            new("  First paragraph.\n\n\n  Second, indented.\n"),
            new(" \t "),
            new("Third\u00a0section, one line.\r\nIts second line.", Page: 2),
        ];
        var text = string.Join("\n\n", sections.Select(s => s.Text));

        var chunks = Chunker(20).Split(sections);

        Assert.True(chunks.Count > 3);
        Assert.All(chunks, c => Assert.Equal(c.Text, text.Substring(c.StartOffset, c.Length)));
        Assert.All(chunks.Zip(chunks.Skip(1)), pair => Assert.Equal(text[(pair.First.StartOffset + pair.First.Length)..pair.Second.StartOffset], pair.First.Separator));
        Assert.Equal("", chunks[^1].Separator);
        Assert.Equal(text.Trim(), string.Concat(chunks.Select(c => c.Text + c.Separator)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("  \n\n \t ")]
    public void Split_BlankText_HasNoPassages(string text) => Assert.Empty(Chunker(200).Split(text));
}
