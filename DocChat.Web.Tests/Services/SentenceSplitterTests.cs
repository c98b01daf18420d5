using DocChat.Web.Services.Answering;

namespace DocChat.Web.Tests.Services;

public sealed class SentenceSplitterTests
{
    [Fact]
    public void Split_AtEndPunctuationAndLineBreaks_AsSpansOfTheOriginal()
    {
        const string text = "  One sentence. Another one!  A question?\n# Heading\nLast words";

        var sentences = SentenceSplitter.Split(text).Select(s => text.Substring(s.Start, s.Length));

        Assert.Equal(["One sentence.", "Another one!", "A question?", "# Heading", "Last words"], sentences);
    }

    [Fact]
    public void Split_ALongRunOfSpaces_InLinearTime_WithTheSameSentences()
    {
        // Each position inside the run used to rescan it: 10,000 spaces took seconds, a megabyte hours.
        var text = "First words." + new string(' ', 1_000_000) + "Last words\n" + new string(' ', 1_000_000) + "After the break";

        var sentences = SentenceSplitter.Split(text).Select(s => text.Substring(s.Start, s.Length));

        Assert.Equal(["First words.", "Last words", "After the break"], sentences);
    }

    [Fact]
    public void Excerpt_OfALongPassage_IsAWindowAroundTheSentence()
    {
        var text = new string('a', 300) + " The sentence. " + new string('b', 300);
        var start = text.IndexOf("The sentence.", StringComparison.Ordinal);

        var excerpt = ExtractiveAnswerEngine.Excerpt(text, new TextSpan(start, "The sentence.".Length), 100);

        Assert.Contains("The sentence.", excerpt, StringComparison.Ordinal);
        Assert.StartsWith("…", excerpt, StringComparison.Ordinal);
        Assert.EndsWith("…", excerpt, StringComparison.Ordinal);
        Assert.InRange(excerpt.Length, 90, 102);
    }
}
