using DocChat.Web.Data;
using DocChat.Web.Data.Entities;
using DocChat.Web.Models.Chat;
using DocChat.Web.Options;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DocChat.Web.Services.Chat;

public enum SettingsUpdate
{
    Saved,
    Invalid,

    /// <summary>The form named documents that are not the user's (a forged post): nothing is said about them.</summary>
    UnknownDocuments,
}

/// <summary>Per-session answer settings, and the user's defaults for new sessions.</summary>
public sealed class ChatSettingsService(DocChatDbContext db, IOptions<LlmOptions> llm, ILogger<ChatSettingsService> logger)
{
    public async Task<SettingsChoices> ChoicesAsync(string userId, CancellationToken cancellationToken) => new(
        llm.Value.IsConfigured ? llm.Value.Models : [],
        await db.Documents.AsNoTracking()
            .Where(d => d.UserId == userId && d.Status == DocumentStatus.Ready)
            .OrderBy(d => d.FileName)
            .Select(d => new DocumentChoice(d.Id, d.FileName))
            .ToListAsync(cancellationToken));

    public async Task<SettingsInput> CurrentAsync(Guid sessionId, CancellationToken cancellationToken)
    {
        var settings = await db.ChatSessions.Where(s => s.Id == sessionId).Select(s => s.Settings).SingleAsync(cancellationToken);
        var scoped = await db.SessionDocuments.Where(d => d.SessionId == sessionId).Select(d => d.DocumentId).ToListAsync(cancellationToken);
        return SettingsInput.From(settings, scoped);
    }

    /// <summary>The settings a new session of the user starts with.</summary>
    public async Task<AnswerSettings> DefaultsAsync(string userId, CancellationToken cancellationToken) =>
        await db.UserPreferences.Where(p => p.UserId == userId).Select(p => p.Settings).SingleOrDefaultAsync(cancellationToken)
        ?? AnswerSettings.Default;

    /// <summary>
    /// Checks the form against what this server and this user have (models, documents) and
    /// stores it. Problems go into <paramref name="modelState"/>; false means nothing changed.
    /// </summary>
    public async Task<SettingsUpdate> UpdateAsync(string userId, Guid sessionId, SettingsInput input, ModelStateDictionary modelState, CancellationToken cancellationToken)
    {
        var ids = input.DocumentIds.Distinct().ToList();
        if (ids.Count > 0 && await db.Documents.CountAsync(d => d.UserId == userId && ids.Contains(d.Id), cancellationToken) != ids.Count)
        {
            return SettingsUpdate.UnknownDocuments;
        }

        var session = await db.ChatSessions.Include(s => s.ScopedDocuments)
            .SingleOrDefaultAsync(s => s.Id == sessionId && s.UserId == userId, cancellationToken);
        if (session is null || !modelState.IsValid)
        {
            return SettingsUpdate.Invalid;
        }

        var settings = Validate(input, modelState);
        if (settings is null)
        {
            return SettingsUpdate.Invalid;
        }

        session.Settings = settings;
        session.ScopedDocuments.Clear();
        if (!settings.AllDocuments)
        {
            session.ScopedDocuments.AddRange(input.DocumentIds.Distinct().Select(id => new SessionDocument { SessionId = sessionId, DocumentId = id }));
        }

        if (input.SaveAsDefault)
        {
            var preferences = await db.UserPreferences.SingleOrDefaultAsync(p => p.UserId == userId, cancellationToken);
            if (preferences is null)
            {
                db.UserPreferences.Add(new UserPreferences { UserId = userId, Settings = settings with { AllDocuments = true } });
            }
            else
            {
                preferences.Settings = settings with { AllDocuments = true };
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Updated answer settings of session {SessionId}: {AnswerMode}, {PassageCount} passages", sessionId, settings.Mode, settings.PassageCount);
        return SettingsUpdate.Saved;
    }

    private AnswerSettings? Validate(SettingsInput input, ModelStateDictionary modelState)
    {
        var models = llm.Value.IsConfigured ? llm.Value.Models : [];
        if (!Enum.TryParse<AnswerMode>(input.Mode, ignoreCase: true, out var mode) || !Enum.IsDefined(mode))
        {
            modelState.AddModelError(nameof(SettingsInput.Mode), "Choose extractive or generative answers.");
        }
        else if (mode == AnswerMode.Generative && models.Count == 0)
        {
            modelState.AddModelError(nameof(SettingsInput.Mode), "Generative answers need a language model, and none is configured on this server.");
        }
        else if (mode == AnswerMode.Generative && (input.Model is null || !models.Contains(input.Model)))
        {
            modelState.AddModelError(nameof(SettingsInput.Model), $"Choose one of the configured models: {string.Join(", ", models)}.");
        }

        var all = input.Scope != SettingsInput.SelectedDocumentsScope;
        if (input.Scope is not (SettingsInput.AllDocumentsScope or SettingsInput.SelectedDocumentsScope))
        {
            modelState.AddModelError(nameof(SettingsInput.Scope), "Choose all documents or selected documents.");
        }
        else if (!all && input.DocumentIds.Count == 0)
        {
            modelState.AddModelError(nameof(SettingsInput.DocumentIds), "Choose at least one document, or answer from all documents.");
        }

        return modelState.IsValid
            ? new AnswerSettings
            {
                Mode = mode,
                Model = mode == AnswerMode.Generative ? input.Model : null,
                PassageCount = input.PassageCount!.Value,
                Temperature = input.Temperature!.Value,
                AllDocuments = all,
            }
            : null;
    }
}
