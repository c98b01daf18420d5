using DocChat.Web.Data;
using DocChat.Web.Data.Entities;
using DocChat.Web.Options;
using DocChat.Web.Services.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DocChat.Web.Services.Admin;

/// <summary>One account as the administrator sees it: dates, counts and sizes, never a title, message, document name or text.</summary>
public sealed record AdminUserRow(
    string Id,
    string Email,
    DateTime? CreatedUtc,
    DateTime? LastSeenUtc,
    bool IsAdministrator,
    DateTimeOffset? LockoutEnd,
    int Sessions,
    int Documents,
    long StorageBytes)
{
    public bool LockedByAdministrator => LockoutEnd == DateTimeOffset.MaxValue;
}

public sealed record InviteRow(Guid Id, DateTime CreatedUtc, DateTime ExpiresUtc, DateTime? UsedUtc);

public sealed record AdminOverview(
    RegistrationMode Mode,
    int UserCount,
    IReadOnlyList<AdminUserRow> Users,
    int Page,
    bool HasNext,
    IReadOnlyList<InviteRow> Invites);

public enum AdminOutcome
{
    Done,
    NotFound,

    /// <summary>Administrators do not lock or erase their own account here (the Manage page deletes one's own).</summary>
    OwnAccount,
}

/// <summary>
/// What the administrator of an installation can see and do: the accounts (never their content),
/// the registration mode, invite links, locking, password-reset links and erasure. Every action
/// is logged as a security event: who, what, whose account.
/// </summary>
public sealed class AdminService(
    DocChatDbContext db,
    UserManager<DocChatUser> users,
    AccountErasure erasure,
    IOptions<AdminOptions> options,
    TimeProvider clock,
    ILogger<AdminService> logger)
{
    public const int PageSize = 50;

    /// <summary>The first account of the installation, or the one with <c>DocChat:Admin:Email</c>.</summary>
    public async Task<bool> IsAdministratorAsync(string userId, CancellationToken cancellationToken)
    {
        var configured = ConfiguredEmail();
        return await db.InstanceSettings.AnyAsync(s => s.Id == InstanceSettings.SingletonId && s.AdministratorUserId == userId, cancellationToken)
            || (configured is not null && await db.Users.AnyAsync(u => u.Id == userId && u.NormalizedEmail == configured, cancellationToken));
    }

    public async Task<AdminOverview> OverviewAsync(int page, CancellationToken cancellationToken)
    {
        page = Math.Max(1, page);
        var settings = await SettingsAsync(cancellationToken);
        var configured = ConfiguredEmail();
        var rows = await db.Users.AsNoTracking()
            .Where(u => u.ErasedUtc == null)
            .OrderBy(u => u.CreatedUtc).ThenBy(u => u.Id)
            .Skip((page - 1) * PageSize).Take(PageSize + 1)
            .Select(u => new AdminUserRow(
                u.Id,
                u.Email ?? "",
                u.CreatedUtc,
                u.LastSeenUtc,
                u.Id == settings.AdministratorUserId || u.NormalizedEmail == configured,
                u.LockoutEnd,
                db.ChatSessions.Count(s => s.UserId == u.Id),
                db.Documents.Count(d => d.UserId == u.Id),
                (db.Documents.Where(d => d.UserId == u.Id).Sum(d => (long?)d.SizeBytes) ?? 0)
                    + (db.ChatMessages.Where(m => m.Session!.UserId == u.Id).Sum(m => (long?)m.Content.Length) ?? 0)))
            .ToListAsync(cancellationToken);
        var invites = await db.Invites.AsNoTracking().OrderByDescending(i => i.CreatedUtc).Take(20)
            .Select(i => new InviteRow(i.Id, i.CreatedUtc, i.ExpiresUtc, i.UsedUtc))
            .ToListAsync(cancellationToken);
        return new AdminOverview(settings.RegistrationMode, await db.Users.CountAsync(u => u.ErasedUtc == null, cancellationToken), rows.Take(PageSize).ToList(), page, rows.Count > PageSize, invites);
    }

    public async Task SetRegistrationModeAsync(string adminId, RegistrationMode mode, CancellationToken cancellationToken)
    {
        var settings = await db.InstanceSettings.SingleOrDefaultAsync(s => s.Id == InstanceSettings.SingletonId, cancellationToken);
        if (settings is null)
        {
            db.InstanceSettings.Add(new InstanceSettings { RegistrationMode = mode });
        }
        else
        {
            settings.RegistrationMode = mode;
        }

        await db.SaveChangesAsync(cancellationToken);
        logger.LogWarning("Security: administrator {AdminId} set registration to {RegistrationMode}", adminId, mode);
    }

    /// <summary>A new single-use invite: returns the token for the link (only its hash is stored) and when it expires.</summary>
    public async Task<(string Token, DateTime ExpiresUtc)> CreateInviteAsync(string adminId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var (token, hash) = Registration.NewToken();
        var invite = new Invite { Id = Guid.NewGuid(), TokenHash = hash, CreatedByUserId = adminId, CreatedUtc = now, ExpiresUtc = now.AddDays(options.Value.InviteDays) };
        db.Invites.Add(invite);
        await db.SaveChangesAsync(cancellationToken);
        logger.LogWarning("Security: administrator {AdminId} created invite {InviteId}", adminId, invite.Id);
        return (token, invite.ExpiresUtc);
    }

    /// <summary>Locks an account until an administrator unlocks it; its logins end at once (new security stamp).</summary>
    public Task<AdminOutcome> LockAsync(string adminId, string userId) =>
        OnOtherAccountAsync(adminId, userId, "locked", async user =>
        {
            await users.SetLockoutEnabledAsync(user, true);
            await users.SetLockoutEndDateAsync(user, DateTimeOffset.MaxValue);
            await users.UpdateSecurityStampAsync(user);
        });

    public Task<AdminOutcome> UnlockAsync(string adminId, string userId) =>
        OnOtherAccountAsync(adminId, userId, "unlocked", async user =>
        {
            await users.SetLockoutEndDateAsync(user, null);
            await users.ResetAccessFailedCountAsync(user);
        });

    /// <summary>
    /// A password-reset token for a user who forgot their password (there is no email server):
    /// it expires after <see cref="AdminOptions.ResetLinkHours"/> and works once (setting the
    /// password changes the security stamp it is bound to).
    /// </summary>
    public async Task<string?> CreateResetTokenAsync(string adminId, string userId)
    {
        var user = await users.FindByIdAsync(userId);
        if (user is null || user.ErasedUtc is not null)
        {
            return null;
        }

        var token = await users.GeneratePasswordResetTokenAsync(user);
        logger.LogWarning("Security: administrator {AdminId} created a password-reset link for account {UserId}", adminId, userId);
        return token;
    }

    public async Task<(AdminOutcome Outcome, AccountContents? Erased)> EraseAsync(string adminId, string userId, CancellationToken cancellationToken)
    {
        if (adminId == userId)
        {
            return (AdminOutcome.OwnAccount, null);
        }

        var erased = await erasure.EraseAsync(userId, cancellationToken);
        if (erased is null)
        {
            return (AdminOutcome.NotFound, null);
        }

        logger.LogWarning("Security: administrator {AdminId} erased account {UserId}", adminId, userId);
        return (AdminOutcome.Done, erased);
    }

    public async Task<AdminUserRow?> UserAsync(string userId, CancellationToken cancellationToken)
    {
        var user = await users.FindByIdAsync(userId);
        if (user is null || user.ErasedUtc is not null)
        {
            return null;
        }

        var contents = await erasure.CountAsync(userId, cancellationToken);
        return new AdminUserRow(user.Id, user.Email ?? "", user.CreatedUtc, user.LastSeenUtc, await IsAdministratorAsync(userId, cancellationToken), user.LockoutEnd, contents.Sessions, contents.Documents, 0);
    }

    /// <summary><c>DocChat:Admin:Email</c>, normalised as Identity stores emails; null when not set.</summary>
    private string? ConfiguredEmail() =>
        string.IsNullOrWhiteSpace(options.Value.Email) ? null : users.NormalizeEmail(options.Value.Email.Trim());

    private async Task<InstanceSettings> SettingsAsync(CancellationToken cancellationToken) =>
        await db.InstanceSettings.AsNoTracking().SingleOrDefaultAsync(s => s.Id == InstanceSettings.SingletonId, cancellationToken) ?? new InstanceSettings();

    private async Task<AdminOutcome> OnOtherAccountAsync(string adminId, string userId, string action, Func<DocChatUser, Task> change)
    {
        if (adminId == userId)
        {
            return AdminOutcome.OwnAccount;
        }

        var user = await users.FindByIdAsync(userId);
        if (user is null || user.ErasedUtc is not null)
        {
            return AdminOutcome.NotFound;
        }

        await change(user);
        logger.LogWarning("Security: administrator {AdminId} {AdminAction} account {UserId}", adminId, action, userId);
        return AdminOutcome.Done;
    }
}
