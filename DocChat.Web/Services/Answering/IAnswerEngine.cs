using DocChat.Web.Data.Entities;

namespace DocChat.Web.Services.Answering;

public sealed record AnswerRequest(string UserId, string Question);

public sealed record Answer(string Text, AnswerOutcome Outcome, IReadOnlyList<MessageReference> References);

/// <summary>Produces an answer to a question from the asking user's documents only.</summary>
public interface IAnswerEngine
{
    Task<Answer> AnswerAsync(AnswerRequest request, CancellationToken cancellationToken);
}
