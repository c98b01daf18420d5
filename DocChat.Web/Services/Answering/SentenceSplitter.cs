using System.Text.RegularExpressions;

namespace DocChat.Web.Services.Answering;

/// <summary>Splits text into sentences at end punctuation and line breaks, as spans of the original.</summary>
public static partial class SentenceSplitter
{
    // A line-break boundary starts only at the first white-space character of a run: without
    // (?<!\s) every position inside a long run of spaces would rescan the rest of the run, which
    // costs time growing with the square of the run (seconds for a 10,000-space line).
    [GeneratedRegex(@"(?<=[.!?\u2026])\s+|(?<!\s)\s*\n\s*")]
    private static partial Regex Boundary();

    public static IEnumerable<TextSpan> Split(string text) => TextSpans.Split(text, Boundary());

    /// <summary>The sentences of text[start, start + length), as spans of the whole text.</summary>
    public static IEnumerable<TextSpan> Split(string text, TextSpan within) =>
        TextSpans.Split(text, Boundary(), within.Start, within.Start + within.Length);
}
