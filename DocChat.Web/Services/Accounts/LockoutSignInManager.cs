using DocChat.Web.Data.Entities;
using DocChat.Web.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace DocChat.Web.Services.Accounts;

/// <summary>
/// The stock Identity UI login page signs in with <c>lockoutOnFailure: false</c>. DocChat locks an
/// account after repeated failures, so password sign-ins always count failures here, and failed
/// logins and lockouts are logged as security events (by user id, never the password).
/// <para>
/// A login must not tell whether an account exists: every password sign-in checks exactly one
/// password hash (an unknown or locked account checks a stand-in hash), and a locked account
/// answers like a wrong password (the login page states the lockout rule). Attempts are limited
/// per account by the name sign-in looks up (<see cref="AccountLoginLimiter"/>).
/// </para>
/// Logging out renews the user's security stamp, which invalidates every copy of the old login cookie.
/// </summary>
public sealed class LockoutSignInManager(
    UserManager<DocChatUser> userManager,
    IHttpContextAccessor contextAccessor,
    IUserClaimsPrincipalFactory<DocChatUser> claimsFactory,
    IOptions<IdentityOptions> optionsAccessor,
    ILogger<SignInManager<DocChatUser>> logger,
    IAuthenticationSchemeProvider schemes,
    IUserConfirmation<DocChatUser> confirmation,
    AccountLoginLimiter loginLimiter)
    : SignInManager<DocChatUser>(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    private static string? standInHash;

    public override async Task<SignInResult> PasswordSignInAsync(
        DocChatUser user, string password, bool isPersistent, bool lockoutOnFailure)
    {
        if (await UserManager.IsLockedOutAsync(user))
        {
            // The real check below would return before hashing: spend the same time first.
            CheckStandInHash(password);
            Logger.LogWarning("Security: login refused, account {UserId} is locked out", user.Id);
            return SignInResult.Failed;
        }

        var result = await base.PasswordSignInAsync(user, password, isPersistent, lockoutOnFailure: true);
        if (result.IsLockedOut)
        {
            Logger.LogWarning("Security: failed login for account {UserId}, which is now locked out", user.Id);
            return SignInResult.Failed;
        }

        if (!result.Succeeded && !result.RequiresTwoFactor)
        {
            Logger.LogWarning("Security: failed login for account {UserId}", user.Id);
        }

        return result;
    }

    public override async Task<SignInResult> PasswordSignInAsync(string userName, string password, bool isPersistent, bool lockoutOnFailure)
    {
        loginLimiter.Attempt(UserManager.NormalizeName(userName));
        if (await UserManager.FindByNameAsync(userName) is { } user)
        {
            return await PasswordSignInAsync(user, password, isPersistent, lockoutOnFailure);
        }

        CheckStandInHash(password);

        // No account by that name: logged without the name typed (it may be a mistyped password).
        Logger.LogWarning("Security: failed login for an unknown account");
        return SignInResult.Failed;
    }

    public override async Task SignOutAsync()
    {
        // The security stamp is checked on every request (see AddDocChatIdentity): a renewed
        // stamp makes a replayed or stolen copy of this login cookie worthless. It also ends the
        // user's logins on other devices, which is the safer side to err on.
        if (await UserManager.GetUserAsync(Context.User) is { } user)
        {
            await UserManager.UpdateSecurityStampAsync(user);
            Logger.LogInformation("User {UserId} logged out; security stamp renewed", user.Id);
        }

        await base.SignOutAsync();
    }

    /// <summary>Verifies the password against a hash of nothing, as long as a real check takes.</summary>
    private void CheckStandInHash(string password)
    {
        var standIn = new DocChatUser();
        standInHash ??= UserManager.PasswordHasher.HashPassword(standIn, Guid.NewGuid().ToString());
        UserManager.PasswordHasher.VerifyHashedPassword(standIn, standInHash, password);
    }
}
