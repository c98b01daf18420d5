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

        Assert.Equal(["First words.", "Last words\n" + new string(' ', 1_000_000) + "After the break"], sentences);
    }

    [Theory]
    [InlineData("Lyndon B. Johnson signed it. Then he left.", new[] { "Lyndon B. Johnson signed it.", "Then he left." })]
    [InlineData("Bring e.g. apples, pears etc. to Dr. Smith. She waits.", new[] { "Bring e.g. apples, pears etc. to Dr. Smith.", "She waits." })]
    [InlineData("It costs 3.50 dollars. The U.S. Army paid.", new[] { "It costs 3.50 dollars.", "The U.S. Army paid." })]
    [InlineData("have the freedom to distribute copies\nof free software (and charge for\nthem if you wish). Next one.", new[] { "have the freedom to distribute copies\nof free software (and charge for\nthem if you wish).", "Next one." })]
    [InlineData("Steps:\n1. Open the box\n2. Take it out\n- a bullet", new[] { "Steps:", "1. Open the box", "2. Take it out", "- a bullet" })]
    [InlineData("First paragraph ends\n\nSecond starts. \"Quoted.\" And (bracketed.) Done", new[] { "First paragraph ends", "Second starts.", "\"Quoted.\"", "And (bracketed.)", "Done" })]
    [InlineData("It was done... and then more. Yes?! No.", new[] { "It was done... and then more.", "Yes?!", "No." })]
    public void Split_JoinsHardWrappedLines_AndKnowsInitialsAbbreviationsDecimalsAndLists(string text, string[] expected) =>
        Assert.Equal(expected, SentenceSplitter.Split(text).Select(s => text.Substring(s.Start, s.Length)));

    [Fact]
    public void Excerpt_CutsBetweenWords_NeverInsideOne()
    {
        var text = string.Join(' ', Enumerable.Range(0, 60).Select(i => $"word{i:D3}")) + " The sentence. " + string.Join(' ', Enumerable.Range(0, 60).Select(i => $"tail{i:D3}"));
        var start = text.IndexOf("The sentence.", StringComparison.Ordinal);

        var excerpt = ExtractiveAnswerEngine.Excerpt(text, new TextSpan(start, "The sentence.".Length), 101);

        Assert.Contains("The sentence.", excerpt, StringComparison.Ordinal);
        Assert.Matches(@"^…word\d{3} ", excerpt);
        Assert.Matches(@" tail\d{3}…$", excerpt);
    }

    [Fact]
    public void Excerpt_OfALongPassage_IsAWindowAroundTheSentence_WithoutPiecesOfWords()
    {
        // The words around the sentence are longer than the window: none of them is quoted in part.
        var text = new string('a', 300) + " The sentence. " + new string('b', 300);
        var start = text.IndexOf("The sentence.", StringComparison.Ordinal);

        var excerpt = ExtractiveAnswerEngine.Excerpt(text, new TextSpan(start, "The sentence.".Length), 100);

        Assert.Equal("…The sentence.…", excerpt);
    }
}
