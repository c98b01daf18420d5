using System.ComponentModel.DataAnnotations;

namespace DocChat.Web.Options;

/// <summary>How answers quote their sources (section <c>DocChat:Answers</c>).</summary>
public sealed class AnswerOptions
{
    public const string SectionName = "DocChat:Answers";

    /// <summary>Sentences quoted in an extractive answer.</summary>
    [Range(1, 10)]
    public int SentenceCount { get; set; } = 3;

    /// <summary>Characters of the passage shown as a reference's quote.</summary>
    [Range(50, 2_000)]
    public int QuoteCharacters { get; set; } = 400;
}
