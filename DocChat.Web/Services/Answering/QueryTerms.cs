using System.Text;
using System.Text.RegularExpressions;

namespace DocChat.Web.Services.Answering;

/// <summary>
/// Turns free text into search terms. User text is never passed to FTS5 as query syntax: only
/// runs of letters and digits survive, each is quoted, and the terms are joined with OR.
/// </summary>
public static partial class QueryTerms
{
    public const int MaxTerms = 32;

    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "a", "about", "an", "and", "are", "as", "at", "be", "by", "can", "did", "do", "does", "for",
        "from", "has", "have", "how", "i", "in", "is", "it", "its", "me", "my", "of", "on", "or",
        "say", "says", "should", "so", "tell", "that", "the", "their", "there", "these", "this",
        "those", "to", "was", "we", "were", "what", "when", "where", "which", "who", "why", "will",
        "with", "would", "you", "your",
    };

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex Word();

    /// <summary>
    /// Distinct lower-case words of the text, without stop words and single letters (the "s" of
    /// "Brown's", the "t" of "don't"), in order of appearance.
    /// </summary>
    public static IReadOnlyList<string> Extract(string text) =>
        Words(text).Where(w => !StopWords.Contains(w) && (w.Length > 1 || char.IsDigit(w[0]))).Distinct().Take(MaxTerms).ToList();

    /// <summary>An FTS5 MATCH expression for terms of letters and digits: each quoted, joined with OR (any of them) or AND (all).</summary>
    public static string ToFtsMatch(IEnumerable<string> terms, bool all = false) =>
        string.Join(all ? " AND " : " OR ", terms.Select(t => $"\"{t}\""));

    /// <summary>A PostgreSQL tsquery for terms of letters and digits: each quoted as a lexeme, joined with | (or).</summary>
    public static string ToTsQuery(IEnumerable<string> terms) => string.Join(" | ", terms.Select(t => $"'{t}'"));

    /// <summary>
    /// The terms of <paramref name="terms"/> that a span of text contains, the way a sentence is
    /// scored: its stemmed words and, for CJK text, its bigrams (a question shares a bigram with a
    /// sentence where it shares only part of a run). Runs for every sentence of every candidate
    /// passage of every question, so words are looked up as spans, without a string each.
    /// </summary>
    public static HashSet<string> Matched(string text, TextSpan span, HashSet<string> terms)
    {
        var matched = new HashSet<string>(StringComparer.Ordinal);
        var part = text.AsSpan(span.Start, span.Length);
        if (!part.IsNormalized(NormalizationForm.FormKC))
        {
            // Text stored before passages were folded: fold the words as the question's were.
            var folded = Fold(part.ToString());
            return Matched(folded, new TextSpan(0, folded.Length), terms);
        }

        var lookup = terms.GetAlternateLookup<ReadOnlySpan<char>>();
        Span<char> lower = stackalloc char[MaxMatchedWord];
        var hasCjk = false;
        foreach (var word in Word().EnumerateMatches(part))
        {
            // Every CJK character is in this range (with others, which CjkGrams.Of skips).
            hasCjk |= part.Slice(word.Index, word.Length).IndexOfAnyInRange('\u1100', '\uFAFF') >= 0;
            if (word.Length <= MaxMatchedWord)
            {
                var folded = lower[..word.Length];
                part.Slice(word.Index, word.Length).ToLowerInvariant(folded);
                if (lookup.TryGetValue(Stem(folded), out var term))
                {
                    matched.Add(term);
                }
            }
        }

        if (hasCjk)
        {
            matched.UnionWith(CjkGrams.Of(part.ToString()).Where(terms.Contains));
        }

        return matched;
    }

    /// <summary>Longer words are not looked up (no question term is that long).</summary>
    private const int MaxMatchedWord = 64;

    /// <summary>The CJK bigrams of the text, folded as the stored text is.</summary>
    public static IEnumerable<string> Grams(string text) => CjkGrams.Of(Fold(text));

    /// <summary>
    /// A light suffix-stripping stem, so "passages" and "passage" count as the same word when
    /// sentences are scored. FTS5's porter tokenizer does the real stemming for retrieval.
    /// </summary>
    public static string Stem(string word)
    {
        var stem = Stem(word.AsSpan());
        return stem.Length == word.Length ? word : stem.ToString();
    }

    private static ReadOnlySpan<char> Stem(ReadOnlySpan<char> word)
    {
        foreach (var suffix in (ReadOnlySpan<string>)["ing", "ed", "es", "s"])
        {
            if (word.Length - suffix.Length >= 3 && word.EndsWith(suffix, StringComparison.Ordinal))
            {
                word = word[..^suffix.Length];
                break;
            }
        }

        // "condense" and "condenses" (stripped to "condens") are the same word.
        return word.Length > 4 && word.EndsWith('e') ? word[..^1] : word;
    }

    /// <summary>Lower-case words, with compatibility forms folded as the stored text is (ligatures, full-width letters).</summary>
    public static IEnumerable<string> Words(string text) =>
        Word().Matches(Fold(text)).Select(m => m.Value.ToLowerInvariant());

    private static string Fold(string text) => text.IsNormalized(NormalizationForm.FormKC) ? text : text.Normalize(NormalizationForm.FormKC);
}
