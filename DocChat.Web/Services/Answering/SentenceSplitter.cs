using System.Text.RegularExpressions;

namespace DocChat.Web.Services.Answering;

public readonly record struct TextSpan(int Start, int Length);

/// <summary>Splits text into sentences at end punctuation and line breaks, as spans of the original.</summary>
public static partial class SentenceSplitter
{
    [GeneratedRegex(@"(?<=[.!?\u2026])\s+|\s*\n\s*")]
    private static partial Regex Boundary();

    public static IEnumerable<TextSpan> Split(string text)
    {
        var start = 0;
        foreach (Match boundary in Boundary().Matches(text))
        {
            if (Trimmed(text, start, boundary.Index) is { } span)
            {
                yield return span;
            }

            start = boundary.Index + boundary.Length;
        }

        if (Trimmed(text, start, text.Length) is { } last)
        {
            yield return last;
        }
    }

    private static TextSpan? Trimmed(string text, int start, int end)
    {
        while (start < end && char.IsWhiteSpace(text[start]))
        {
            start++;
        }

        while (end > start && char.IsWhiteSpace(text[end - 1]))
        {
            end--;
        }

        return end > start ? new TextSpan(start, end - start) : null;
    }
}
