namespace DocChat.Web.Services.Answering;

/// <summary>
/// Splits text into sentences, as spans of the original. A sentence ends at . ! ? or … followed
/// by white space and then something that can start a sentence, except after an initial
/// ("Lyndon B. Johnson") or a common abbreviation ("e.g.", "Dr."); and at a blank line or a line
/// that starts a list item. A single line break inside a paragraph is a hard wrap (plain text,
/// Markdown, every PDF through pdftotext), not the end of a sentence.
/// </summary>
public static class SentenceSplitter
{
    private static readonly HashSet<string> Abbreviations = new(StringComparer.OrdinalIgnoreCase)
    {
        "mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr", "vs", "etc", "eg", "e.g", "ie", "i.e", "cf", "al",
        "no", "nos", "vol", "fig", "figs", "p", "pp", "ch", "sec", "approx", "inc", "ltd", "co", "corp", "dept",
        "est", "ca", "gen", "gov", "lt", "col", "capt", "sgt", "rev", "mt", "ft", "u.s", "u.k", "a.m", "p.m",
        "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    };

    public static IEnumerable<TextSpan> Split(string text) => Split(text, new TextSpan(0, text.Length));

    /// <summary>The sentences of text[start, start + length), as spans of the whole text.</summary>
    public static IEnumerable<TextSpan> Split(string text, TextSpan within)
    {
        var end = within.Start + within.Length;
        var start = within.Start;
        var i = within.Start;
        while (i < end)
        {
            var c = text[i];
            if (c == '\n' && (IsParagraphBreak(text, i, end, out var next) || LineStartsHeading(text, start, i)))
            {
                if (TextSpans.Trim(text, start, i) is { } paragraphEnd)
                {
                    yield return paragraphEnd;
                }

                start = i = next;
                continue;
            }

            if (c is '.' or '!' or '?' or '\u2026' && EndsSentence(text, start, i, end, out var after))
            {
                if (TextSpans.Trim(text, start, after) is { } sentence)
                {
                    yield return sentence;
                }

                start = i = after;
                continue;
            }

            i++;
        }

        if (TextSpans.Trim(text, start, end) is { } last)
        {
            yield return last;
        }
    }

    /// <summary>A newline that ends a block: a blank line follows, or the next line starts a list item or a heading.</summary>
    private static bool IsParagraphBreak(string text, int newline, int end, out int next)
    {
        var blank = false;
        var j = newline + 1;
        while (j < end && char.IsWhiteSpace(text[j]))
        {
            blank |= text[j] == '\n';
            j++;
        }

        next = j;
        return blank || j >= end || StartsBlock(text, j, end);
    }

    /// <summary>The line that ends at <paramref name="newline"/> is a Markdown heading ("# Title"): it is a sentence of its own.</summary>
    private static bool LineStartsHeading(string text, int start, int newline)
    {
        var lineStart = newline > start ? Math.Max(start, text.LastIndexOf('\n', newline - 1, newline - start) + 1) : start;
        while (lineStart < newline && text[lineStart] is ' ' or '\t')
        {
            lineStart++;
        }

        return lineStart < newline && text[lineStart] == '#';
    }

    /// <summary>"- ", "* ", "• ", "# ", "1. ", "2) " at the start of a line.</summary>
    private static bool StartsBlock(string text, int j, int end)
    {
        if (text[j] is '-' or '*' or '\u2022' or '#' or '>' or '|')
        {
            return j + 1 >= end || char.IsWhiteSpace(text[j + 1]) || text[j] is '#' or '|';
        }

        var k = j;
        while (k < end && k - j < 3 && char.IsAsciiDigit(text[k]))
        {
            k++;
        }

        return k > j && k + 1 < end && text[k] is '.' or ')' && char.IsWhiteSpace(text[k + 1]);
    }

    /// <summary>End punctuation at <paramref name="i"/> ends the sentence begun at <paramref name="start"/>.</summary>
    private static bool EndsSentence(string text, int start, int i, int end, out int after)
    {
        // Runs like "?!", "..." and closing quotes or brackets belong to the sentence.
        var j = i + 1;
        while (j < end && (text[j] is '.' or '!' or '?' or '\u2026' or '"' or '\'' or ')' or ']' or '\u201D' or '\u2019'))
        {
            j++;
        }

        after = j;
        if (j < end && !char.IsWhiteSpace(text[j]))
        {
            return false; // "3.14", "e.g.x", "example.com"
        }

        var k = j;
        while (k < end && char.IsWhiteSpace(text[k]))
        {
            k++;
        }

        if (k >= end)
        {
            return true;
        }

        // The next sentence starts with a capital, a digit, a quote or a bracket, not a lower-case word.
        var first = text[k];
        if (char.IsLower(first))
        {
            return false;
        }

        if (text[i] != '.')
        {
            return true;
        }

        // A list number at the start of a line ("1. Open the box") is not a sentence.
        var d = i;
        while (d > start && char.IsAsciiDigit(text[d - 1]))
        {
            d--;
        }

        if (d < i && (d == start || text[d - 1] == '\n' || string.IsNullOrWhiteSpace(text[start..d])))
        {
            return false;
        }

        // The word before the full stop: an initial or a known abbreviation does not end a sentence.
        var w = i;
        while (w > start && (char.IsLetter(text[w - 1]) || text[w - 1] == '.'))
        {
            w--;
        }

        var word = text[w..i];
        return !(word.Length == 1 && char.IsUpper(word[0])) && !Abbreviations.Contains(word);
    }
}
