using System.Text;
using DocChat.Web.Data.Entities;
using DocChat.Web.Options;
using DocChat.Web.Services.Rendering;
using Microsoft.Extensions.Options;

namespace DocChat.Web.Services.Answering;

/// <summary>
/// The embedded, offline answer engine: retrieves the user's best passages by BM25 and answers
/// with the sentences that share the most words with the question, each with a numbered
/// reference to its passage. It never invents text: every sentence is quoted from a document.
/// </summary>
public sealed class ExtractiveAnswerEngine(IOptions<AnswerOptions> options) : IAnswerEngine
{
    public const string AnswerIntro = "Here is what your documents say:";

    public AnswerMode Mode => AnswerMode.Extractive;

    public async Task<Answer> ComposeAsync(
        AnswerRequest request, IReadOnlyList<RetrievedPassage> passages, AnswerDelta? onDelta, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var quoted = PickSentences(request.Question, passages, settings.SentenceCount);
        var references = new List<MessageReference>();
        var text = new StringBuilder(AnswerIntro).AppendLine().AppendLine();
        foreach (var (passage, sentence) in quoted)
        {
            var reference = references.FirstOrDefault(r => r.ChunkId == passage.ChunkId);
            if (reference is null)
            {
                reference = ToReference(references.Count + 1, passage, sentence, settings.QuoteCharacters);
                references.Add(reference);
            }

            // The sentence as the document says it: its text is not Markdown.
            text.Append("- ").Append(AnswerMarkdown.Literal(TextSpans.OneLine(passage.Text.Substring(sentence.Start, sentence.Length))))
                .Append(" [").Append(reference.Number).Append(']').AppendLine();
        }

        var answer = new Answer(text.ToString().TrimEnd(), AnswerOutcome.Answered, references);
        if (onDelta is not null)
        {
            await onDelta(answer.Text, cancellationToken);
        }

        return answer;
    }

    /// <summary>
    /// Sentences ranked by how well they answer: the weight of the question words each contains
    /// (<see cref="SentenceMatches"/>), times its passage's relevance, then by passage rank.
    /// Near-duplicates (the same text uploaded twice) are quoted once, and so is text that two
    /// quotes would share (a sentence taken with the next one, which ranks on its own as well):
    /// they become one quote.
    /// Falls back to the opening sentence of the best passage when no sentence shares a word (the
    /// porter stemmer in FTS5 matches more forms than the scorer here).
    /// </summary>
    private static List<(RetrievedPassage Passage, TextSpan Sentence)> PickSentences(
        string question, IReadOnlyList<RetrievedPassage> passages, int count)
    {
        var matches = SentenceMatches.Of(question, passages.Select(p => p.Text).ToList());
        var candidates = matches.Sentences
            .Where(s => s.Weight > 0)
            .Select(s => (Passage: passages[s.PassageIndex], s.Sentence, Rank: s.PassageIndex,
                Score: s.Weight / matches.QuestionWeight + Relevance(passages[s.PassageIndex], passages[0])))
            .OrderByDescending(c => c.Score)
            .ThenBy(c => c.Rank)
            .ThenBy(c => c.Sentence.Start)
            .DistinctBy(c => NearDuplicateKey(c.Passage.Text.AsSpan(c.Sentence.Start, c.Sentence.Length)))
            .Select(c => (c.Passage, Sentence: WithContinuation(c.Passage.Text, c.Sentence)));
        var ranked = new List<(RetrievedPassage Passage, TextSpan Sentence)>();
        foreach (var candidate in candidates)
        {
            // Text a quote already has is not quoted again: the two become one quote, in the
            // place of the better one.
            var shared = ranked.FindIndex(quoted => quoted.Passage.ChunkId == candidate.Passage.ChunkId && Overlap(quoted.Sentence, candidate.Sentence));
            if (shared >= 0)
            {
                var merged = Union(ranked[shared].Sentence, candidate.Sentence);
                for (var later = ranked.Count - 1; later > shared; later--)
                {
                    if (ranked[later].Passage.ChunkId == candidate.Passage.ChunkId && Overlap(ranked[later].Sentence, merged))
                    {
                        merged = Union(merged, ranked[later].Sentence);
                        ranked.RemoveAt(later);
                    }
                }

                ranked[shared] = (candidate.Passage, merged);
                continue;
            }

            ranked.Add(candidate);
            if (ranked.Count == count)
            {
                break;
            }
        }

        if (ranked.Count == 0 && SentenceSplitter.Split(passages[0].Text).FirstOrDefault() is { Length: > 0 } opening)
        {
            ranked.Add((passages[0], opening));
        }

        return ranked;
    }

    private static readonly HashSet<string> ReferringWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "it", "its", "this", "these", "those", "they", "their", "them", "he", "his", "him", "she", "her", "such", "both", "there",
    };

    /// <summary>
    /// The sentence, and the next one of its passage when that one goes on about it ("It …",
    /// "They …", "This …", or "The company …" after a sentence that named the company): the answer
    /// often sits in the sentence that follows the one naming the subject.
    /// </summary>
    private static TextSpan WithContinuation(string text, TextSpan sentence)
    {
        var next = SentenceSplitter.Split(text, new TextSpan(sentence.Start + sentence.Length, text.Length - sentence.Start - sentence.Length)).FirstOrDefault();
        if (next.Length == 0)
        {
            return sentence;
        }

        var opening = QueryTerms.Words(text.Substring(next.Start, Math.Min(next.Length, 60))).Take(2).ToList();
        var continues = opening.Count > 0 && ReferringWords.Contains(opening[0])
            || (opening is ["the", var noun] && QueryTerms.Words(text.Substring(sentence.Start, sentence.Length)).Contains(noun));
        return continues ? new TextSpan(sentence.Start, next.Start + next.Length - sentence.Start) : sentence;
    }

    private static bool Overlap(TextSpan a, TextSpan b) => a.Start < b.Start + b.Length && b.Start < a.Start + a.Length;

    private static TextSpan Union(TextSpan a, TextSpan b)
    {
        var start = Math.Min(a.Start, b.Start);
        return new TextSpan(start, Math.Max(a.Start + a.Length, b.Start + b.Length) - start);
    }

    /// <summary>How relevant the passage is next to the best one (its search score as a share of the best's, 0 to 1).</summary>
    private static double Relevance(RetrievedPassage passage, RetrievedPassage best) =>
        best.Score == 0 ? 1 : Math.Clamp(passage.Score / best.Score, 0, 1);

    /// <summary>The sentence's letters and digits, lower case: differences in spacing, case or punctuation do not count.</summary>
    private static string NearDuplicateKey(ReadOnlySpan<char> sentence)
    {
        var key = new StringBuilder(sentence.Length);
        foreach (var c in sentence)
        {
            if (char.IsLetterOrDigit(c))
            {
                key.Append(char.ToLowerInvariant(c));
            }
        }

        return key.ToString();
    }

    private static MessageReference ToReference(int number, RetrievedPassage passage, TextSpan sentence, int quoteCharacters) =>
        References.For(number, passage, Excerpt(passage.Text, sentence, quoteCharacters));

    /// <summary>The passage, or a window of it around the quoted sentence when it is long.</summary>
    internal static string Excerpt(string text, TextSpan sentence, int maxCharacters)
    {
        if (text.Length <= maxCharacters)
        {
            return text.Trim();
        }

        var start = Math.Max(0, sentence.Start - Math.Max(0, (maxCharacters - sentence.Length) / 2));
        var end = Math.Min(text.Length, start + maxCharacters);
        start = Math.Max(0, end - maxCharacters);

        // Cut between words, never inside one ("…efault"), keeping the quoted sentence whole.
        while (start > 0 && start < sentence.Start && !char.IsWhiteSpace(text[start - 1]))
        {
            start++;
        }

        while (end < text.Length && end > sentence.Start + sentence.Length && !char.IsWhiteSpace(text[end]))
        {
            end--;
        }

        var excerpt = text[start..end].Trim();
        return (start > 0 ? "…" : "") + excerpt + (end < text.Length ? "…" : "");
    }
}
