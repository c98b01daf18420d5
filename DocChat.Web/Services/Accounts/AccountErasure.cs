using DocChat.Web.Data;
using DocChat.Web.Data.Entities;
using DocChat.Web.Services.Chat;
using DocChat.Web.Services.Documents;
using Microsoft.EntityFrameworkCore;

namespace DocChat.Web.Services.Accounts;

/// <summary>What an account held, counted before it is erased (and shown to the user after).</summary>
public sealed record AccountContents(int Sessions, int Messages, int Documents, int Passages);

/// <summary>
/// Erases an account and everything in it. At once: the account row is stripped of its email,
/// name and password and locked (every login ends), its sessions with all their messages (hidden
/// ones too), settings, pending clears and Identity extras are deleted, and its documents are
/// blanked and hidden; then the background erasure (<see cref="DeletedDocumentErasure"/>) removes
/// the documents' passages in short batches and the row itself. Deleted pages are zeroed
/// (secure_delete), the search indexes drop the terms as rows go, and the WAL is truncated, so
/// nothing of the account is left in the database files.
/// </summary>
public sealed class AccountErasure(
    DocChatDbContext db,
    IUploadStore uploads,
    DatabaseMaintenance maintenance,
    DeletedDocumentErasure documentErasure,
    TimeProvider clock,
    ILogger<AccountErasure> logger)
{
    public async Task<AccountContents> CountAsync(string userId, CancellationToken cancellationToken) => new(
        await db.ChatSessions.IgnoreQueryFilters().CountAsync(s => s.UserId == userId, cancellationToken),
        await db.ChatMessages.IgnoreQueryFilters().CountAsync(m => m.Session!.UserId == userId, cancellationToken),
        await db.Documents.CountAsync(d => d.UserId == userId, cancellationToken),
        await db.Documents.Where(d => d.UserId == userId).SumAsync(d => d.ChunkCount, cancellationToken));

    /// <summary>Erases the account; null if there is no such account (or it is already erased).</summary>
    public async Task<AccountContents?> EraseAsync(string userId, CancellationToken cancellationToken)
    {
        if (!await db.Users.AnyAsync(u => u.Id == userId && u.ErasedUtc == null, cancellationToken))
        {
            return null;
        }

        var contents = await CountAsync(userId, cancellationToken);
        var placeholder = $"erased-{userId}";
        await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(
            u => u.SetProperty(x => x.ErasedUtc, clock.GetUtcNow().UtcDateTime)
                .SetProperty(x => x.Email, (string?)null)
                .SetProperty(x => x.NormalizedEmail, (string?)null)
                .SetProperty(x => x.UserName, placeholder)
                .SetProperty(x => x.NormalizedUserName, placeholder.ToUpperInvariant())
                .SetProperty(x => x.PasswordHash, (string?)null)
                .SetProperty(x => x.PhoneNumber, (string?)null)
                .SetProperty(x => x.TwoFactorEnabled, false)
                .SetProperty(x => x.SecurityStamp, Guid.NewGuid().ToString("N"))
                .SetProperty(x => x.ConcurrencyStamp, Guid.NewGuid().ToString())
                .SetProperty(x => x.LockoutEnabled, true)
                .SetProperty(x => x.LockoutEnd, DateTimeOffset.MaxValue),
            cancellationToken);

        // A user entity loaded earlier in this request is stale now: it must not be saved back
        // (its concurrency stamp no longer matches, and it is no longer tracked).
        db.ChangeTracker.Clear();

        // One short transaction per session (its messages by the session index), so other users'
        // writes never wait for a whole account.
        var sessions = await db.ChatSessions.IgnoreQueryFilters().Where(s => s.UserId == userId).Select(s => s.Id).ToListAsync(cancellationToken);
        foreach (var sessionId in sessions)
        {
            await ChatSessionService.EraseSessionRowsAsync(db, sessionId, cancellationToken);
        }

        await db.UserPreferences.Where(p => p.UserId == userId).ExecuteDeleteAsync(cancellationToken);
        await db.ClearOperations.Where(o => o.UserId == userId).ExecuteDeleteAsync(cancellationToken);
        await db.UserTokens.Where(t => t.UserId == userId).ExecuteDeleteAsync(cancellationToken);
        await db.UserLogins.Where(l => l.UserId == userId).ExecuteDeleteAsync(cancellationToken);
        await db.UserClaims.Where(c => c.UserId == userId).ExecuteDeleteAsync(cancellationToken);
        await DocumentService.MarkDeletingAsync(db, uploads, db.Documents.Where(d => d.UserId == userId), cancellationToken);

        await maintenance.FinishErasureAsync(cancellationToken);
        documentErasure.Notify();
        logger.LogInformation(
            "Erased account {UserId}: {SessionCount} sessions, {MessageCount} messages, {DocumentCount} documents, {PassageCount} passages (passages and the account row follow in the background)",
            userId, contents.Sessions, contents.Messages, contents.Documents, contents.Passages);
        return contents;
    }
}
