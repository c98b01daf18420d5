using DocChat.Web.Data.Entities;

namespace DocChat.Web.Services.Answering;

/// <summary>An earlier turn of the conversation, for engines that use context.</summary>
public sealed record ConversationTurn(MessageRole Role, string Content);

public sealed record AnswerRequest(
    string UserId,
    Guid SessionId,
    string Question,
    AnswerSettings Settings,
    IReadOnlyList<ConversationTurn> History);

public sealed record Answer(string Text, AnswerOutcome Outcome, IReadOnlyList<MessageReference> References)
{
    public IReadOnlyList<long> RetrievedChunkIds { get; init; } = [];
    public string? Error { get; init; }
}

/// <summary>Receives answer text as it is produced (streaming).</summary>
public delegate Task AnswerDelta(string text, CancellationToken cancellationToken);

/// <summary>Writes an answer from passages already retrieved from the asking user's documents.</summary>
public interface IAnswerEngine
{
    AnswerMode Mode { get; }

    Task<Answer> ComposeAsync(
        AnswerRequest request, IReadOnlyList<RetrievedPassage> passages, AnswerDelta? onDelta, CancellationToken cancellationToken);
}
