using System.ComponentModel.DataAnnotations;

namespace DocChat.Web.Options;

/// <summary>
/// An OpenAI-compatible chat-completions endpoint (section <c>DocChat:Llm</c>): Ollama,
/// llama.cpp server, vLLM, OpenAI ... Leave <see cref="Endpoint"/> empty to run without a model
/// (extractive answers only). See docs/llm.md.
/// </summary>
public sealed class LlmOptions : IValidatableObject
{
    public const string SectionName = "DocChat:Llm";

    /// <summary>The API base address, e.g. http://localhost:11434/v1 for Ollama.</summary>
    public string? Endpoint { get; set; }

    /// <summary>Sent as a bearer token; servers that need none accept any value.</summary>
    public string? ApiKey { get; set; }

    /// <summary>The models users may choose from; the first is the default.</summary>
    public List<string> Models { get; set; } = [];

    /// <summary>The longest one answer may take, streaming included.</summary>
    [Range(0.1, 3_600)]
    public double TimeoutSeconds { get; set; } = 120;

    /// <summary>How much of the recent conversation goes into the prompt (characters).</summary>
    [Range(0, 200_000)]
    public int HistoryCharacters { get; set; } = 6_000;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Endpoint) && Models.Count > 0;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(Endpoint))
        {
            yield break;
        }

        if (!Uri.TryCreate(Endpoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            yield return new ValidationResult(
                $"{SectionName}:Endpoint must be an http(s) address such as http://localhost:11434/v1 (see README, \"Connecting a model\").",
                [nameof(Endpoint)]);
        }

        if (Models.Count == 0 || Models.Any(string.IsNullOrWhiteSpace))
        {
            yield return new ValidationResult(
                $"{SectionName}:Models must list at least one model name when an endpoint is set (see README, \"Connecting a model\").",
                [nameof(Models)]);
        }
    }
}
