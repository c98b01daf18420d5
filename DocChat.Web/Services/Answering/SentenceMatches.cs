namespace DocChat.Web.Services.Answering;

/// <summary>A sentence of one of the passages, with the weight of the question terms it contains.</summary>
public readonly record struct MatchedSentence(int PassageIndex, TextSpan Sentence, double Weight);

/// <summary>
/// The question's terms found sentence by sentence in a set of passages. Each term is weighted
/// by how rare it is among those sentences (inverse sentence frequency): a word every sentence
/// shares, like the subject of the question, says little about which one holds the answer.
/// Used twice: to re-rank the passages the index found (<see cref="PassageSearch"/>) and to pick
/// the sentences an extractive answer quotes (<see cref="ExtractiveAnswerEngine"/>).
/// </summary>
public sealed class SentenceMatches
{
    private SentenceMatches(IReadOnlyList<MatchedSentence> sentences, double questionWeight)
    {
        Sentences = sentences;
        QuestionWeight = questionWeight;
    }

    /// <summary>Every sentence of every passage, in passage order, with the weight it matched (0 for none).</summary>
    public IReadOnlyList<MatchedSentence> Sentences { get; }

    /// <summary>The weight of all the question's terms: what a sentence containing every one would score.</summary>
    public double QuestionWeight { get; }

    public static SentenceMatches Of(string question, IReadOnlyList<string> passages)
    {
        var terms = QueryTerms.Extract(question).Select(QueryTerms.Stem).Concat(QueryTerms.Grams(question)).ToHashSet(StringComparer.Ordinal);
        var candidates = passages
            .SelectMany((passage, index) => SentenceSplitter.Split(passage).Select(sentence =>
            (
                Index: index,
                Sentence: sentence,
                Matched: QueryTerms.Matched(passage, sentence, terms)
            )))
            .ToList();

        var frequency = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var term in candidates.SelectMany(c => c.Matched))
        {
            frequency[term] = frequency.GetValueOrDefault(term) + 1;
        }

        double Weight(string term) => Math.Log((candidates.Count + 1.0) / (frequency.GetValueOrDefault(term) + 0.5));
        return new SentenceMatches(
            candidates.Select(c => new MatchedSentence(c.Index, c.Sentence, c.Matched.Sum(Weight))).ToList(),
            terms.Sum(Weight));
    }
}
