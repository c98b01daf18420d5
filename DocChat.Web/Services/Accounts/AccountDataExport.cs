using System.Text.Json;
using DocChat.Web.Data;
using DocChat.Web.Data.Entities;
using DocChat.Web.Services.Chat;
using Microsoft.EntityFrameworkCore;

namespace DocChat.Web.Services.Accounts;

/// <summary>
/// "Download your data": the account, its settings, every session with its messages, references
/// and settings (as the session export writes them), and the list of documents, as one JSON file.
/// </summary>
public sealed class AccountDataExport(DocChatDbContext db, TimeProvider clock)
{
    public async Task<byte[]> ExportAsync(DocChatUser user, CancellationToken cancellationToken)
    {
        var preferences = await db.UserPreferences.AsNoTracking().SingleOrDefaultAsync(p => p.UserId == user.Id, cancellationToken);
        var sessions = await db.ChatSessions.AsNoTracking().Where(s => s.UserId == user.Id)
            .OrderBy(s => s.CreatedUtc).ToListAsync(cancellationToken);
        var messages = (await db.ChatMessages.AsNoTracking().Where(m => m.Session!.UserId == user.Id)
            .OrderBy(m => m.Id).ToListAsync(cancellationToken)).ToLookup(m => m.SessionId);
        var scoped = (await db.SessionDocuments.Where(d => sessions.Select(s => s.Id).Contains(d.SessionId))
            .Join(db.Documents, d => d.DocumentId, d => d.Id, (s, d) => new { s.SessionId, d.FileName })
            .ToListAsync(cancellationToken)).ToLookup(d => d.SessionId, d => d.FileName);
        var documents = await db.Documents.AsNoTracking().Where(d => d.UserId == user.Id).OrderBy(d => d.UploadedUtc)
            .Select(d => new
            {
                d.Id,
                d.FileName,
                d.ContentType,
                d.SizeBytes,
                d.UploadedUtc,
                status = d.Status.ToString(),
                d.FailureReason,
                pages = d.PageCount,
                passages = d.ChunkCount,
                d.Sha256,
            })
            .ToListAsync(cancellationToken);

        var export = new
        {
            exportedUtc = clock.GetUtcNow().UtcDateTime,
            account = new
            {
                user.Id,
                user.Email,
                user.CreatedUtc,
                user.TwoFactorEnabled,
            },
            settings = new
            {
                newChats = preferences?.Settings ?? AnswerSettings.Default,
                retentionDays = preferences?.RetentionDays,
            },
            sessions = sessions.Select(s => new
            {
                session = SessionExport.SessionJson(s, scoped[s.Id].ToList()),
                messages = messages[s.Id].Select(SessionExport.MessageJson),
            }),
            documents,
        };
        return JsonSerializer.SerializeToUtf8Bytes(export, SessionExport.JsonOptions);
    }
}
