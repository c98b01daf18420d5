using System.Security.Cryptography;
using System.Text;
using DocChat.Web.Data;
using DocChat.Web.Data.Entities;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;

namespace DocChat.Web.Services.Accounts;

public enum RegistrationRefusal
{
    None,

    /// <summary>Registration is closed on this installation.</summary>
    Closed,

    /// <summary>Registration is invite-only and the invite is missing, used or expired.</summary>
    InviteNeeded,

    /// <summary>Identity refused the email or password (see the errors).</summary>
    Invalid,
}

public sealed record RegistrationResult(RegistrationRefusal Refusal, DocChatUser? User = null, IReadOnlyList<IdentityError>? Errors = null);

/// <summary>
/// Creating an account under the installation's registration mode (open, invite-only, closed).
/// An invite is claimed in the same statement that checks it, so one link makes one account. The
/// first account registered on an installation becomes its administrator.
/// </summary>
public sealed class Registration(DocChatDbContext db, UserManager<DocChatUser> users, TimeProvider clock, ILogger<Registration> logger)
{
    public async Task<RegistrationMode> ModeAsync(CancellationToken cancellationToken) =>
        await db.InstanceSettings.Where(s => s.Id == InstanceSettings.SingletonId)
            .Select(s => (RegistrationMode?)s.RegistrationMode)
            .SingleOrDefaultAsync(cancellationToken) ?? RegistrationMode.Open;

    /// <summary>Whether an invite link can still make an account (unused and not expired).</summary>
    public async Task<bool> IsInviteUsableAsync(string? token, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(token))
        {
            return false;
        }

        var hash = HashToken(token);
        var now = clock.GetUtcNow().UtcDateTime;
        return await db.Invites.AnyAsync(i => i.TokenHash == hash && i.UsedUtc == null && i.ExpiresUtc > now, cancellationToken);
    }

    public async Task<RegistrationResult> RegisterAsync(string email, string password, string? inviteToken, CancellationToken cancellationToken)
    {
        var mode = await ModeAsync(cancellationToken);
        if (mode == RegistrationMode.Closed)
        {
            logger.LogWarning("Security: registration refused, registration is closed");
            return new RegistrationResult(RegistrationRefusal.Closed);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        string? inviteHash = null;
        if (mode == RegistrationMode.InviteOnly)
        {
            inviteHash = string.IsNullOrEmpty(inviteToken) ? null : HashToken(inviteToken);
            var claimed = inviteHash is null ? 0 : await db.Invites
                .Where(i => i.TokenHash == inviteHash && i.UsedUtc == null && i.ExpiresUtc > now)
                .ExecuteUpdateAsync(i => i.SetProperty(x => x.UsedUtc, now), cancellationToken);
            if (claimed == 0)
            {
                logger.LogWarning("Security: registration refused, no usable invite");
                return new RegistrationResult(RegistrationRefusal.InviteNeeded);
            }
        }

        var user = new DocChatUser { UserName = email, Email = email, CreatedUtc = now, LastSeenUtc = now };
        var result = await users.CreateAsync(user, password);
        if (!result.Succeeded)
        {
            if (inviteHash is not null)
            {
                // The link was not used up: the person can correct the form and try again.
                await db.Invites.Where(i => i.TokenHash == inviteHash).ExecuteUpdateAsync(i => i.SetProperty(x => x.UsedUtc, (DateTime?)null), cancellationToken);
            }

            return new RegistrationResult(RegistrationRefusal.Invalid, Errors: result.Errors.ToList());
        }

        var administrator = await ClaimAdministratorAsync(user, cancellationToken);
        logger.LogInformation(
            "Registered account {UserId} ({RegistrationMode}{Administrator})",
            user.Id, mode, administrator ? ", the installation's administrator" : "");
        return new RegistrationResult(RegistrationRefusal.None, user);
    }

    /// <summary>A new random invite token (what the link carries) and the hash that is stored.</summary>
    public static (string Token, string Hash) NewToken()
    {
        var token = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        return (token, HashToken(token));
    }

    private static string HashToken(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>
    /// The first account of an installation becomes its administrator: the account only claims the
    /// role if no administrator is set and no other account was created before it, in one statement,
    /// so two first registrations at once cannot both win.
    /// </summary>
    private async Task<bool> ClaimAdministratorAsync(DocChatUser user, CancellationToken cancellationToken)
    {
        var created = user.CreatedUtc;
        return await db.InstanceSettings
            .Where(s => s.Id == InstanceSettings.SingletonId && s.AdministratorUserId == null
                        && !db.Users.Any(u => u.Id != user.Id
                                              && (u.CreatedUtc == null || u.CreatedUtc < created || (u.CreatedUtc == created && string.Compare(u.Id, user.Id) < 0))))
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.AdministratorUserId, user.Id), cancellationToken) == 1;
    }
}
