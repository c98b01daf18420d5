using System.ClientModel;
using System.ClientModel.Primitives;
using System.Text;
using DocChat.Web.Data.Entities;
using DocChat.Web.Options;
using Microsoft.Extensions.Options;
using OpenAI;
using OpenAI.Chat;
using ChatMessage = OpenAI.Chat.ChatMessage;

namespace DocChat.Web.Services.Answering;

/// <summary>
/// Answers with a language model behind any OpenAI-compatible chat-completions endpoint, through
/// the official OpenAI .NET SDK. When the endpoint is down, slow or in error the answer is a
/// <see cref="AnswerOutcome.Failed"/> one with the reason: the question is kept and can be retried.
/// </summary>
public sealed class GenerativeAnswerEngine(
    IOptions<LlmOptions> llmOptions,
    IOptions<AnswerOptions> answerOptions,
    ILogger<GenerativeAnswerEngine> logger) : IAnswerEngine
{
    public AnswerMode Mode => AnswerMode.Generative;

    public async Task<Answer> ComposeAsync(
        AnswerRequest request, IReadOnlyList<RetrievedPassage> passages, AnswerDelta? onDelta, CancellationToken cancellationToken)
    {
        var llm = llmOptions.Value;
        if (!llm.IsConfigured)
        {
            return Failed("No language model is configured on this server. Switch this conversation to extractive answers.");
        }

        var model = request.Settings.Model is { } chosen && llm.Models.Contains(chosen) ? chosen : llm.Models[0];
        var client = new ChatClient(model, new ApiKeyCredential(string.IsNullOrEmpty(llm.ApiKey) ? "none" : llm.ApiKey), new OpenAIClientOptions
        {
            Endpoint = new Uri(llm.Endpoint!),
            NetworkTimeout = TimeSpan.FromSeconds(llm.TimeoutSeconds),
            // A failing endpoint is reported at once, with a retry button, rather than retried for minutes.
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
        });
        var messages = GenerativePrompt.Build(request, passages, llm.HistoryCharacters);
        var options = new ChatCompletionOptions { Temperature = (float)request.Settings.Temperature };

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(llm.TimeoutSeconds));
        try
        {
            var text = onDelta is null
                ? string.Concat((await client.CompleteChatAsync(messages, options, deadline.Token)).Value.Content.Select(p => p.Text))
                : await StreamAsync(client, messages, options, onDelta, deadline.Token);
            if (string.IsNullOrWhiteSpace(text))
            {
                return Failed("The model returned an empty answer.");
            }

            var (mapped, references) = Citations.Map(text, passages, answerOptions.Value.QuoteCharacters);
            return new Answer(mapped, AnswerOutcome.Answered, references);
        }
        catch (ClientResultException exception)
        {
            logger.LogWarning(exception, "Model endpoint answered {Status} for model {Model}", exception.Status, model);
            return Failed(exception.Status == 0
                ? "The model endpoint could not be reached."
                : $"The model endpoint answered with an error (HTTP {exception.Status}).");
        }
        catch (HttpRequestException exception)
        {
            logger.LogWarning(exception, "Model endpoint could not be reached for model {Model}", model);
            return Failed("The model endpoint could not be reached.");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Model {Model} did not answer within {TimeoutSeconds} s", model, llm.TimeoutSeconds);
            return Failed($"The model did not answer within {llm.TimeoutSeconds:0.#} seconds.");
        }
    }

    private static async Task<string> StreamAsync(
        ChatClient client, List<ChatMessage> messages, ChatCompletionOptions options, AnswerDelta onDelta, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        await foreach (var update in client.CompleteChatStreamingAsync(messages, options, cancellationToken))
        {
            foreach (var part in update.ContentUpdate)
            {
                text.Append(part.Text);
                await onDelta(part.Text, cancellationToken);
            }
        }

        return text.ToString();
    }

    private static Answer Failed(string error) =>
        new($"The answer could not be produced: {error}", AnswerOutcome.Failed, []) { Error = error };
}
