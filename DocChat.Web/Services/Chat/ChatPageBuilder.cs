using DocChat.Web.Data;
using DocChat.Web.Models.Chat;
using DocChat.Web.Services.Documents;
using Microsoft.EntityFrameworkCore;

namespace DocChat.Web.Services.Chat;

/// <summary>Puts the chat page together: messages, answer settings and which cited documents still exist.</summary>
public sealed class ChatPageBuilder(
    DocChatDbContext db,
    ChatMessageService messages,
    ChatSettingsService settings,
    ChatSessionService sessions,
    DocumentService documents,
    ChatRetention retention)
{
    public Task<string?> TitleAsync(string userId, Guid sessionId, CancellationToken cancellationToken) =>
        db.ChatSessions.Where(s => s.Id == sessionId && s.UserId == userId).Select(s => s.Title).SingleOrDefaultAsync(cancellationToken);

    public async Task<ChatPageViewModel?> BuildAsync(
        string userId,
        Guid sessionId,
        long? before,
        CancellationToken cancellationToken,
        SendMessageInput? input = null,
        SettingsInput? settingsInput = null,
        int sessionsPage = 1,
        (Guid, RenameInput)? rename = null)
    {
        var session = await db.ChatSessions.Where(s => s.Id == sessionId && s.UserId == userId)
            .Select(s => new
            {
                s.Title,
                s.ContextResetAfterMessageId,
                s.UpdatedUtc,
                RetentionDays = db.UserPreferences.Where(p => p.UserId == userId).Select(p => p.RetentionDays).FirstOrDefault(),
            })
            .SingleOrDefaultAsync(cancellationToken);
        if (session is null)
        {
            return null;
        }

        var page = await messages.GetPageAsync(sessionId, before, cancellationToken);
        var cited = page.Messages.SelectMany(m => m.Metadata.References).Select(r => r.DocumentId).Distinct().ToList();
        return new ChatPageViewModel
        {
            SessionId = sessionId,
            SessionTitle = session.Title,
            ContextResetAfterMessageId = session.ContextResetAfterMessageId,
            Page = page,
            Settings = settingsInput ?? await settings.CurrentAsync(sessionId, cancellationToken),
            Choices = await settings.ChoicesAsync(userId, cancellationToken),
            ExistingDocumentIds = await documents.ExistingAsync(userId, cited, cancellationToken),
            Input = input ?? new SendMessageInput(),
            ShowSettings = settingsInput is not null,
            Sessions = await sessions.ListAsync(userId, sessionsPage, cancellationToken),
            Undo = await sessions.PendingUndoAsync(userId, sessionId, cancellationToken),
            Rename = rename,
            Retention = retention.View(session.RetentionDays, session.UpdatedUtc),
        };
    }
}
