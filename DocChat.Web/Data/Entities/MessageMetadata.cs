namespace DocChat.Web.Data.Entities;

/// <summary>How an answer came about.</summary>
public enum AnswerOutcome
{
    /// <summary>Not an answer (a user message).</summary>
    None,
    Answered,
    NoDocuments,
    NoMatch,

    /// <summary>The model could not answer (endpoint down, slow or in error); the question can be retried.</summary>
    Failed,
}

/// <summary>
/// Stored as JSON with each message: what a later reader needs to audit an answer: the
/// settings it was produced with, the passages retrieved, the references cited, any error.
/// </summary>
public sealed record MessageMetadata(AnswerOutcome Outcome, IReadOnlyList<MessageReference> References)
{
    public static MessageMetadata Empty { get; } = new(AnswerOutcome.None, []);

    public AnswerSettings? Settings { get; init; }

    /// <summary>The documents the answer could draw on, when the session was limited to some.</summary>
    public IReadOnlyList<Guid>? ScopedDocumentIds { get; init; }

    public IReadOnlyList<long> RetrievedChunkIds { get; init; } = [];

    /// <summary>Why a <see cref="AnswerOutcome.Failed"/> answer failed, in words for the user.</summary>
    public string? Error { get; init; }
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
    string Quote)
{
    public int? PageNumber { get; init; }
}
