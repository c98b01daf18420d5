namespace DocChat.Web.Data.Entities;

public enum AnswerMode
{
    /// <summary>Quotes the best-matching sentences of the documents (no model needed).</summary>
    Extractive,

    /// <summary>A language model writes the answer from the retrieved passages.</summary>
    Generative,
}

/// <summary>How a session answers. Stored with each session, and per user as the default for new ones.</summary>
public sealed record AnswerSettings
{
    public const int MinPassages = 1;
    public const int MaxPassages = 20;
    public const double MinTemperature = 0;
    public const double MaxTemperature = 2;

    public static AnswerSettings Default { get; } = new();

    public AnswerMode Mode { get; init; } = AnswerMode.Extractive;

    /// <summary>The model for generative answers (one of DocChat:Llm:Models); null in extractive mode.</summary>
    public string? Model { get; init; }

    public int PassageCount { get; init; } = 5;

    public double Temperature { get; init; } = 0.2;

    /// <summary>True: all the user's documents. False: only the session's chosen documents.</summary>
    public bool AllDocuments { get; init; } = true;
}
