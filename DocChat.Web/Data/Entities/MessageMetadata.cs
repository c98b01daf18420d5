namespace DocChat.Web.Data.Entities;

/// <summary>How an answer came about.</summary>
public enum AnswerOutcome
{
    /// <summary>Not an answer (a user message).</summary>
    None,
    Answered,
    NoDocuments,
    NoMatch,
}

/// <summary>Stored as JSON with each message: what a later reader needs to audit an answer.</summary>
public sealed record MessageMetadata(AnswerOutcome Outcome, IReadOnlyList<MessageReference> References)
{
    public static MessageMetadata Empty { get; } = new(AnswerOutcome.None, []);
}

/// <summary>
/// A numbered citation. The document name and quote are copied at answer time so the reference
/// still reads correctly after the document is deleted.
/// </summary>
public sealed record MessageReference(
    int Number,
    Guid DocumentId,
    string DocumentName,
    long ChunkId,
    int StartOffset,
    int Length,
    string Quote);
