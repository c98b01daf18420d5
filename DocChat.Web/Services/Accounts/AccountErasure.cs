using DocChat.Web.Data;
using DocChat.Web.Data.Entities;
using DocChat.Web.Services.Chat;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace DocChat.Web.Services.Accounts;

/// <summary>What an account held, counted before it is erased (and shown to the user after).</summary>
public sealed record AccountContents(int Sessions, int Messages, int Documents, int Passages);

/// <summary>
/// Erases an account and everything in it: sessions (hidden ones too) with their messages,
/// documents with their passages and uploaded bytes, preferences, pending clears, and the
/// Identity user with its email. Deleted pages are zeroed (secure_delete), both search indexes
/// drop the terms as rows go (FTS5 secure-delete), and the WAL is truncated at the end, so
/// nothing of the account is left in the database files.
/// </summary>
public sealed class AccountErasure(
    DocChatDbContext db,
    UserManager<DocChatUser> users,
    SqliteMaintenance maintenance,
    ILogger<AccountErasure> logger)
{
    public async Task<AccountContents> CountAsync(string userId, CancellationToken cancellationToken) => new(
        await db.ChatSessions.IgnoreQueryFilters().CountAsync(s => s.UserId == userId, cancellationToken),
        await db.ChatMessages.IgnoreQueryFilters().CountAsync(m => m.Session!.UserId == userId, cancellationToken),
        await db.Documents.CountAsync(d => d.UserId == userId, cancellationToken),
        await db.Documents.Where(d => d.UserId == userId).SumAsync(d => d.ChunkCount, cancellationToken));

    /// <summary>Erases the account; null if there is no such account.</summary>
    public async Task<AccountContents?> EraseAsync(string userId, CancellationToken cancellationToken)
    {
        var user = await users.FindByIdAsync(userId);
        if (user is null)
        {
            return null;
        }

        var contents = await CountAsync(userId, cancellationToken);

        // Every login of the account ends here, so none of its requests writes while it is erased.
        await users.UpdateSecurityStampAsync(user);

        // One short transaction per session and per document (by their indexes), so other users'
        // writes wait for one piece at a time, not for the whole account.
        var sessions = await db.ChatSessions.IgnoreQueryFilters().Where(s => s.UserId == userId).Select(s => s.Id).ToListAsync(cancellationToken);
        foreach (var sessionId in sessions)
        {
            await ChatSessionService.EraseSessionRowsAsync(db, sessionId, cancellationToken);
        }

        var documents = await db.Documents.Where(d => d.UserId == userId).Select(d => d.Id).ToListAsync(cancellationToken);
        foreach (var documentId in documents)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await db.DocumentChunks.Where(c => c.DocumentId == documentId).ExecuteDeleteAsync(cancellationToken);
            await db.Documents.Where(d => d.Id == documentId).ExecuteDeleteAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        // The user row last: its foreign keys take what is left (preferences, pending clears, invites it made).
        var result = await users.DeleteAsync(user);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Deleting account {userId} failed: {string.Join(" ", result.Errors.Select(e => e.Code))}");
        }

        await maintenance.TruncateWriteAheadLogAsync(cancellationToken);
        logger.LogInformation(
            "Erased account {UserId}: {SessionCount} sessions, {MessageCount} messages, {DocumentCount} documents, {PassageCount} passages",
            userId, contents.Sessions, contents.Messages, contents.Documents, contents.Passages);
        return contents;
    }
}
