using System.ComponentModel.DataAnnotations;
using DocChat.Web.Data.Entities;

namespace DocChat.Web.Models.Chat;

/// <summary>The answer-settings form of the chat page.</summary>
public sealed class SettingsInput
{
    public const string AllDocumentsScope = "all";
    public const string SelectedDocumentsScope = "selected";

    [Required(ErrorMessage = "Choose an answer mode.")]
    public string? Mode { get; set; }

    public string? Model { get; set; }

    [Required(ErrorMessage = "Enter how many passages to retrieve.")]
    [Range(AnswerSettings.MinPassages, AnswerSettings.MaxPassages, ErrorMessage = "Passages must be between {1} and {2}.")]
    public int? PassageCount { get; set; }

    [Required(ErrorMessage = "Enter a temperature.")]
    [Range(AnswerSettings.MinTemperature, AnswerSettings.MaxTemperature, ErrorMessage = "Temperature must be between {1} and {2}.")]
    public double? Temperature { get; set; }

    public string Scope { get; set; } = AllDocumentsScope;

    public List<Guid> DocumentIds { get; set; } = [];

    /// <summary>Also start new sessions with these settings.</summary>
    public bool SaveAsDefault { get; set; }

    public static SettingsInput From(AnswerSettings settings, IEnumerable<Guid> scopedDocumentIds) => new()
    {
        Mode = settings.Mode.ToString(),
        Model = settings.Model,
        PassageCount = settings.PassageCount,
        Temperature = settings.Temperature,
        Scope = settings.AllDocuments ? AllDocumentsScope : SelectedDocumentsScope,
        DocumentIds = scopedDocumentIds.ToList(),
    };
}
