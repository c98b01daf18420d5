using System.Text.RegularExpressions;

namespace DocChat.Web.Services.Answering;

/// <summary>Splits text into sentences at end punctuation and line breaks, as spans of the original.</summary>
public static partial class SentenceSplitter
{
    [GeneratedRegex(@"(?<=[.!?\u2026])\s+|\s*\n\s*")]
    private static partial Regex Boundary();

    public static IEnumerable<TextSpan> Split(string text) => TextSpans.Split(text, Boundary());

    /// <summary>The sentences of text[start, start + length), as spans of the whole text.</summary>
    public static IEnumerable<TextSpan> Split(string text, TextSpan within) =>
        TextSpans.Split(text, Boundary(), within.Start, within.Start + within.Length);
}
