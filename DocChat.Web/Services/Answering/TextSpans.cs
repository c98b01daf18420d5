using System.Text.RegularExpressions;

namespace DocChat.Web.Services.Answering;

public readonly record struct TextSpan(int Start, int Length);

/// <summary>Splitting text into trimmed, non-empty spans of the original string.</summary>
public static partial class TextSpans
{
    /// <summary>The pieces between matches of <paramref name="separator"/>, trimmed, empty ones skipped.</summary>
    public static IEnumerable<TextSpan> Split(string text, Regex separator, int offset = 0, int? end = null)
    {
        var stop = end ?? text.Length;
        var start = offset;

        // Match(input, beginning, length) searches the range in place: no copy of a large document.
        for (var match = separator.Match(text, offset, stop - offset); match.Success; match = match.NextMatch())
        {
            if (Trim(text, start, match.Index) is { } span)
            {
                yield return span;
            }

            start = match.Index + match.Length;
        }

        if (Trim(text, start, stop) is { } last)
        {
            yield return last;
        }
    }

    /// <summary>
    /// The text on one line: every run of white space (line breaks of hard-wrapped text too)
    /// becomes one space, except a line break between two Chinese or Japanese characters, which
    /// joins them (those scripts put no spaces between words; Korean does).
    /// </summary>
    public static string OneLine(string text)
    {
        // Trimmed, every run of white space has text on both sides.
        var trimmed = text.Trim();
        return WhiteSpace().Replace(trimmed, run =>
            run.Value.Contains('\n', StringComparison.Ordinal)
            && CjkGrams.WritesWithoutSpaces(trimmed[run.Index - 1]) && CjkGrams.WritesWithoutSpaces(trimmed[run.Index + run.Length])
                ? ""
                : " ");
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhiteSpace();

    /// <summary>[start, end) without surrounding white space, or null if nothing is left.</summary>
    public static TextSpan? Trim(string text, int start, int end)
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
