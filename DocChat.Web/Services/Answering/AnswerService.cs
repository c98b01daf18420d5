using DocChat.Web.Data.Entities;

namespace DocChat.Web.Services.Answering;

/// <summary>
/// Answers a question: retrieves passages from the session's document scope, says so honestly
/// when there is nothing to answer from, and hands the passages to the engine of the session's
/// answer mode.
/// </summary>
public sealed class AnswerService(PassageSearch search, IEnumerable<IAnswerEngine> engines)
{
    public const string NoDocumentsText =
        "You have not uploaded any documents yet, so there is nothing I can answer from. "
        + "Upload your files on the Documents page, then ask again.";

    public const string StillReadingText =
        "Your documents are still being read, so there is nothing I can answer from yet. "
        + "The Documents page shows their progress; ask again when they are Ready.";

    public const string NoScopedDocumentsText =
        "None of the documents chosen for this conversation is available any more. "
        + "Choose documents in the answer settings, or answer from all your documents.";

    public const string NoMatchText =
        "I could not find anything about that in your documents. "
        + "Try other words, or upload a document that covers it on the Documents page.";

    public async Task<Answer> AnswerAsync(AnswerRequest request, AnswerDelta? onDelta, CancellationToken cancellationToken)
    {
        var scope = new SearchScope(request.UserId, request.SessionId, request.Settings.AllDocuments);
        Answer answer;
        if (!await search.HasDocumentsAsync(scope, cancellationToken))
        {
            var text = !request.Settings.AllDocuments ? NoScopedDocumentsText
                : await search.AnyInProgressAsync(request.UserId, cancellationToken) ? StillReadingText
                : NoDocumentsText;
            answer = new Answer(text, AnswerOutcome.NoDocuments, []);
        }
        else if (await search.SearchAsync(scope, request.Question, request.Settings.PassageCount, cancellationToken) is { Count: > 0 } passages)
        {
            var engine = engines.Single(e => e.Mode == request.Settings.Mode);
            return await engine.ComposeAsync(request, passages, onDelta, cancellationToken) with
            {
                RetrievedChunkIds = passages.Select(p => p.ChunkId).ToList(),
            };
        }
        else
        {
            answer = new Answer(NoMatchText, AnswerOutcome.NoMatch, []);
        }

        if (onDelta is not null)
        {
            await onDelta(answer.Text, cancellationToken);
        }

        return answer;
    }
}
