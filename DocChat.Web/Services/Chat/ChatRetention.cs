using DocChat.Web.Data;
using DocChat.Web.Data.Entities;
using DocChat.Web.Options;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DocChat.Web.Services.Chat;

/// <summary>A user's retention choice, the instance's limit, and the chat's expiry that follows from them.</summary>
public sealed record RetentionView(int? UserDays, int? MaxDays, DateTime? ExpiresUtc);

/// <summary>
/// Erases chats nobody used for a while: each user may choose a number of days (off by default),
/// and <c>DocChat:Retention:MaxDays</c> caps every choice, "keep" included. A chat is used when it
/// changes (a message, a clear, a rename). The background purge erases expired chats for good, as
/// Erase chat does once its undo window has ended.
/// </summary>
public sealed class ChatRetention(
    DocChatDbContext db,
    DatabaseMaintenance maintenance,
    IOptions<RetentionOptions> options,
    TimeProvider clock,
    ILogger<ChatRetention> logger)
{
    public const int MaxDays = 36_500;
    private const int BatchSize = 200;

    /// <summary>The user's choice with the instance's limit, and when a chat last used then will be erased.</summary>
    public RetentionView View(int? userDays, DateTime sessionUpdatedUtc)
    {
        var maxDays = options.Value.MaxDays;
        int? effective = userDays is { } days && maxDays is { } max ? Math.Min(days, max) : userDays ?? maxDays;
        return new RetentionView(userDays, maxDays, effective is { } keep ? sessionUpdatedUtc.AddDays(keep) : null);
    }

    /// <summary>Sets the user's choice (null: keep chats until the instance's limit, if any).</summary>
    public async Task SetAsync(string userId, int? days, CancellationToken cancellationToken)
    {
        var updated = await db.UserPreferences.Where(p => p.UserId == userId)
            .ExecuteUpdateAsync(p => p.SetProperty(x => x.RetentionDays, days), cancellationToken);
        if (updated == 0)
        {
            db.UserPreferences.Add(new UserPreferences { UserId = userId, RetentionDays = days });
            await db.SaveChangesAsync(cancellationToken);
        }

        logger.LogInformation("User {UserId} set chat retention to {RetentionDays} days", userId, days);
    }

    /// <summary>Erases, for good, chats unused for longer than their owner's (or the instance's) limit. Returns how many.</summary>
    public async Task<int> EraseExpiredAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var maxDays = options.Value.MaxDays;
        var instanceCutoff = maxDays is { } max ? now.AddDays(-max) : DateTime.MinValue;
        var expired = await db.ChatSessions.IgnoreQueryFilters()
            .Where(s => s.UpdatedUtc < instanceCutoff
                        || db.UserPreferences.Any(p => p.UserId == s.UserId && p.RetentionDays != null && s.UpdatedUtc.AddDays(p.RetentionDays.Value) < now))
            .OrderBy(s => s.UpdatedUtc)
            .Select(s => s.Id)
            .Take(BatchSize)
            .ToListAsync(cancellationToken);
        foreach (var sessionId in expired)
        {
            await ChatSessionService.EraseSessionRowsAsync(db, sessionId, cancellationToken);
        }

        if (expired.Count > 0)
        {
            await maintenance.FinishErasureAsync(cancellationToken);
            logger.LogInformation("Retention erased {SessionCount} unused chats", expired.Count);
        }

        return expired.Count;
    }
}
