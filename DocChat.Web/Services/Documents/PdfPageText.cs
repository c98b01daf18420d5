using System.Text.RegularExpressions;

namespace DocChat.Web.Services.Documents;

/// <summary>
/// Tidies the pages pdftotext wrote: running headers and footers (the same line at the top or
/// bottom of many pages, page numbers and dates aside) are removed, and words hyphenated at a line
/// end are joined, keeping the hyphen of words the document writes with one elsewhere.
/// </summary>
public static partial class PdfPageText
{
    /// <summary>Lines looked at from each end of a page for running headers and footers.</summary>
    private const int EdgeLines = 2;

    /// <summary>A line is a running header or footer when it is at the edge of at least this share of pages (and of 3).</summary>
    private const double RunningShare = 0.3;

    [GeneratedRegex(@"\d+")]
    private static partial Regex Digits();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    /// <summary>A line that is only a page number: "12", "- 12 -", "Page 12", "12 of 40", "xiv".</summary>
    [GeneratedRegex(@"^(?:page\s*)?[-–—(\[]?\s*(?:#|(?=[ivx])x{0,3}(?:ix|iv|v?i{0,3}))\s*[-–—)\]]?(?:\s*(?:of|/)\s*#)?$")]
    private static partial Regex PageNumberOnly();

    /// <summary>A word broken at a line end: letters, a hyphen, the line end, lower-case letters.</summary>
    [GeneratedRegex(@"([\p{L}-]*\p{Ll})-[ \t]*\n[ \t]*(\p{Ll}[\p{L}]*)")]
    private static partial Regex LineEndHyphen();

    [GeneratedRegex(@"\p{L}+(?:-\p{L}+)*")]
    private static partial Regex Word();

    public static IReadOnlyList<string> Tidy(IReadOnlyList<string> pages)
    {
        var withoutRunning = RemoveRunningLines(pages);
        var words = Vocabulary(withoutRunning);
        var compounds = words.Where(w => w.Contains('-', StringComparison.Ordinal))
            .GroupBy(w => w.Replace("-", "", StringComparison.Ordinal), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        return withoutRunning.Select(page => RestoreHyphens(JoinHyphenated(page, words), compounds)).ToList();
    }

    /// <summary>
    /// pdftotext itself joins a line that ends in a hyphen to the next and drops the hyphen, real
    /// ones too ("well-\nknown" comes out "wellknown"): a word the document also writes with a
    /// hyphen gets it back.
    /// </summary>
    private static string RestoreHyphens(string page, IReadOnlyDictionary<string, string> compounds) =>
        compounds.Count == 0 ? page : Word().Replace(page, match =>
        {
            if (match.Value.Contains('-', StringComparison.Ordinal) || !compounds.TryGetValue(match.Value.ToLowerInvariant(), out var compound))
            {
                return match.Value;
            }

            // The word's own letters (and case), with the hyphens where the compound has them.
            var restored = new System.Text.StringBuilder(compound.Length);
            var letter = 0;
            foreach (var c in compound)
            {
                restored.Append(c == '-' ? '-' : match.Value[letter++]);
            }

            return restored.ToString();
        });

    private static HashSet<string> Vocabulary(IEnumerable<string> pages) =>
        pages.SelectMany(page => Word().Matches(page).Select(m => m.Value.ToLowerInvariant())).ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// "dis-\ncussed" becomes "discussed"; "well-\nknown" stays "well-known" when the document has
    /// "well-known" elsewhere and not "wellknown", as does a compound already hyphenated before the break.
    /// </summary>
    internal static string JoinHyphenated(string page, IReadOnlySet<string> words) =>
        LineEndHyphen().Replace(page, match =>
        {
            var before = match.Groups[1].Value;
            var after = match.Groups[2].Value;
            var hyphenated = $"{before}-{after}".ToLowerInvariant();
            var joined = (before + after).ToLowerInvariant();
            var keepHyphen = before.Contains('-', StringComparison.Ordinal) || (words.Contains(hyphenated) && !words.Contains(joined));
            return keepHyphen ? $"{before}-{after}" : before + after;
        });

    /// <summary>The line with numbers and spacing made alike: "Page 89, 2/10/04 3:51 PM" and "Page 90, 2/11/04 4:02 PM" match.</summary>
    private static string Key(string line) => Digits().Replace(Spaces().Replace(line.Trim(), " "), "#").ToLowerInvariant();

    internal static IReadOnlyList<string> RemoveRunningLines(IReadOnlyList<string> pages)
    {
        var lines = pages.Select(page => page.Split('\n')).ToList();
        var edges = lines.Select(EdgeLineIndexes).ToList();

        // On how many pages each line shape stands at an edge.
        var pagesWithKey = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var p = 0; p < lines.Count; p++)
        {
            foreach (var key in edges[p].Select(i => Key(lines[p][i])).Distinct())
            {
                pagesWithKey[key] = pagesWithKey.GetValueOrDefault(key) + 1;
            }
        }

        var needed = Math.Max(3, (int)Math.Ceiling(pages.Count * RunningShare));
        bool IsRunning(string line)
        {
            var key = Key(line);
            return (pages.Count >= 2 && PageNumberOnly().IsMatch(key)) || pagesWithKey.GetValueOrDefault(key) >= needed;
        }

        var tidied = new List<string>(pages.Count);
        for (var p = 0; p < lines.Count; p++)
        {
            var remove = edges[p].Where(i => IsRunning(lines[p][i])).ToHashSet();

            // A page that would be left with nothing keeps its lines: they are its content.
            var contentLines = lines[p].Where((line, i) => line.Trim().Length > 0 && !remove.Contains(i)).Count();
            tidied.Add(remove.Count == 0 || contentLines == 0
                ? pages[p]
                : string.Join('\n', lines[p].Where((_, i) => !remove.Contains(i))).Trim());
        }

        return tidied;
    }

    /// <summary>The first and last <see cref="EdgeLines"/> non-blank lines of a page.</summary>
    private static IReadOnlyList<int> EdgeLineIndexes(string[] lines)
    {
        var nonBlank = Enumerable.Range(0, lines.Length).Where(i => lines[i].Trim().Length > 0).ToList();
        return nonBlank.Take(EdgeLines).Concat(nonBlank.TakeLast(EdgeLines)).Distinct().ToList();
    }
}
