using System.Globalization;
using System.Text;

namespace DocChat.Web.Services.Documents;

/// <summary>
/// What makes extracted text fit to store and search, for every format: Unicode compatibility
/// forms folded (NFKC: the "ﬁ" ligature becomes "fi", Arabic presentation forms their letters,
/// full-width Latin plain Latin), direction-control marks and soft hyphens removed, and text that
/// is not text recognised: replacement, control, private-use and unassigned characters, or a run
/// of non-ASCII symbols where letters should be (a PDF font without a character map).
/// </summary>
public static class ReadableText
{
    /// <summary>A page (or a whole unpaged document) with more of its characters unreadable than this is left out.</summary>
    public const double MaxUnreadableShare = 0.10;

    /// <summary>More non-ASCII symbols and punctuation than this share of the visible characters is not text either ("‹–‡•" soup).</summary>
    private const double MaxSymbolShare = 0.3;

    /// <summary>Below this many visible characters a page is too short to judge by its letters.</summary>
    private const int MinCharactersToJudge = 20;

    /// <summary>How much of a text could not be read, and whether that makes it unreadable.</summary>
    public readonly record struct Assessment(int Visible, int Unreadable, int Symbols)
    {
        public double UnreadableShare => Visible == 0 ? 0 : (double)Unreadable / Visible;

        public bool IsUnreadable =>
            UnreadableShare > MaxUnreadableShare
            || (Visible >= MinCharactersToJudge && Symbols > MaxSymbolShare * Visible);
    }

    public static Assessment Assess(string text)
    {
        int visible = 0, unreadable = 0, symbols = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is > ' ' and <= '~')
            {
                // A run of visible ASCII (most text) is readable and has no symbol that counts.
                var run = PrintableAsciiRun(text, i);
                visible += run - text.AsSpan(i, run).Count(' ');
                i += run - 1;
                continue;
            }

            if (char.IsWhiteSpace(c) || IsInvisibleFormat(c))
            {
                continue;
            }

            visible++;
            if (IsUnreadableAt(text, i, out var width))
            {
                unreadable++;
            }
            else if (c > '\u007F' && (char.IsPunctuation(c) || char.IsSymbol(c)))
            {
                // ASCII punctuation is common in real text (rules of dashes, code); "‹–‡•ˆ‰" is what a font without a character map gives.
                symbols++;
            }

            i += width - 1;
        }

        return new Assessment(visible, unreadable, symbols);
    }

    /// <summary>
    /// The document's readable text, cleaned (<see cref="Clean"/>). Pages that are unreadable are
    /// left out and counted; an unpaged document that is unreadable, or one with no readable page
    /// left, is refused with the reason.
    /// </summary>
    /// <exception cref="DocumentReadException">Nothing readable is left.</exception>
    public static ExtractedDocument Keep(ExtractedDocument document, string fileName)
    {
        var paged = document.Sections.Any(s => s.Page is not null);
        if (!paged)
        {
            if (Assess(string.Join("\n", document.Sections.Select(s => s.Text))) is { IsUnreadable: true } whole)
            {
                throw new DocumentReadException(
                    $"{fileName} was not added: {FormattableString.Invariant($"{whole.UnreadableShare * 100:0}")}% of its characters are unreadable (a wrong text encoding or a damaged file). Save it again as UTF-8 text and upload it again.");
            }

            var cleaned = CleanSections(document.Sections);
            return cleaned.Count > 0 ? document with { Sections = cleaned } : throw DocumentReadException.NoText(fileName);
        }

        var sections = document.Sections.ToLookup(s => Assess(s.Text).IsUnreadable);
        var unreadablePages = sections[true].Select(s => s.Page).Distinct().Count();
        var kept = CleanSections(sections[false]);
        if (kept.Count == 0)
        {
            throw unreadablePages > 0
                ? new DocumentReadException($"{fileName} was not added: the text layer of this PDF is unreadable (its fonts do not say which letters they draw), and OCR could not recognise its pages.")
                : DocumentReadException.NoText(fileName);
        }

        return document with { Sections = kept, UnreadablePages = unreadablePages };
    }

    private static List<TextSection> CleanSections(IEnumerable<TextSection> sections) =>
        sections.Select(s => s with { Text = Clean(s.Text).Trim(), Heading = s.Heading is null ? null : Clean(s.Heading) })
            .Where(s => s.Text.Length > 0)
            .ToList();

    /// <summary>
    /// The text folded for storage and search (NFKC, without direction marks and soft hyphens)
    /// and without the unreadable characters a readable page may still hold here and there.
    /// </summary>
    public static string Clean(string text)
    {
        var kept = new StringBuilder(text.Length);
        var pendingSpace = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is >= ' ' and <= '~')
            {
                // A run of printable ASCII (most text) is kept as it is, at once.
                var run = PrintableAsciiRun(text, i);
                if (pendingSpace && c != ' ' && !char.IsWhiteSpace(kept[^1]))
                {
                    kept.Append(' ');
                }

                pendingSpace = false;
                kept.Append(text, i, run);
                i += run - 1;
                continue;
            }

            if (IsInvisibleFormat(c))
            {
                continue;
            }

            if (IsUnreadableAt(text, i, out var width))
            {
                // A control character between words (pdftotext writes them for unmapped glyphs) must not glue them.
                pendingSpace = kept.Length > 0;
                i += width - 1;
                continue;
            }

            if (pendingSpace && !char.IsWhiteSpace(c) && !char.IsWhiteSpace(kept[^1]))
            {
                kept.Append(' ');
            }

            pendingSpace = false;
            kept.Append(text, i, width);
            i += width - 1;
        }

        var cleaned = kept.ToString();
        return cleaned.IsNormalized(NormalizationForm.FormKC) ? cleaned : cleaned.Normalize(NormalizationForm.FormKC);
    }

    /// <summary>The length of the run of printable ASCII (space to tilde) that starts at <paramref name="start"/>.</summary>
    private static int PrintableAsciiRun(string text, int start) =>
        text.AsSpan(start).IndexOfAnyExceptInRange(' ', '~') is var end and >= 0 ? end : text.Length - start;

    /// <summary>Direction-control marks (LRM, RLM, ALM, embeddings, overrides, isolates) and the soft hyphen.</summary>
    private static bool IsInvisibleFormat(char c) =>
        c is '\u00AD' or '\u200E' or '\u200F' or '\u061C' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');

    /// <summary>
    /// Whether the character at <paramref name="index"/> is unreadable: U+FFFD, a control character
    /// other than tab, line and page ends, private use, unassigned, or a lone surrogate.
    /// <paramref name="width"/> is 2 for a surrogate pair.
    /// </summary>
    private static bool IsUnreadableAt(string text, int index, out int width)
    {
        var c = text[index];
        width = char.IsHighSurrogate(c) && index + 1 < text.Length && char.IsLowSurrogate(text[index + 1]) ? 2 : 1;
        if (c is '\t' or '\n' or '\r' or '\f')
        {
            return false;
        }

        return c == '\uFFFD' || CharUnicodeInfo.GetUnicodeCategory(text, index) is
            UnicodeCategory.Control or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned or UnicodeCategory.Surrogate;
    }
}
