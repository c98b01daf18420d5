using System.Text;
using DocChat.Web.Data.Entities;
using DocChat.Web.Options;
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

            text.Append("- ").Append(passage.Text, sentence.Start, sentence.Length)
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
    /// Sentences ranked by how many distinct question words they contain, then by passage rank.
    /// Falls back to the opening sentence of the best passage when no sentence shares a word
    /// (the porter stemmer in FTS5 matches more forms than the scorer here).
    /// </summary>
    private static List<(RetrievedPassage Passage, TextSpan Sentence)> PickSentences(
        string question, IReadOnlyList<RetrievedPassage> passages, int count)
    {
        var terms = QueryTerms.Extract(question).Select(QueryTerms.Stem).ToHashSet(StringComparer.Ordinal);

        var ranked = passages
            .SelectMany((passage, rank) => SentenceSplitter.Split(passage.Text).Select(sentence =>
            (
                Passage: passage,
                Sentence: sentence,
                Rank: rank,
                Score: QueryTerms.Words(passage.Text.Substring(sentence.Start, sentence.Length))
                    .Select(QueryTerms.Stem)
                    .Where(terms.Contains)
                    .Distinct()
                    .Count()
            )))
            .Where(c => c.Score > 0)
            .OrderByDescending(c => c.Score)
            .ThenBy(c => c.Rank)
            .ThenBy(c => c.Sentence.Start)
            .DistinctBy(c => c.Passage.Text.Substring(c.Sentence.Start, c.Sentence.Length))
            .Take(count)
            .Select(c => (c.Passage, c.Sentence))
            .ToList();

        if (ranked.Count == 0 && SentenceSplitter.Split(passages[0].Text).FirstOrDefault() is { Length: > 0 } opening)
        {
            ranked.Add((passages[0], opening));
        }

        return ranked;
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
        var excerpt = text[start..end].Trim();
        return (start > 0 ? "…" : "") + excerpt + (end < text.Length ? "…" : "");
    }
}
