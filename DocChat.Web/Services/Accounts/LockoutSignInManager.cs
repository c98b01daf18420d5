using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace DocChat.Web.Services.Accounts;

/// <summary>
/// The stock Identity UI login page signs in with <c>lockoutOnFailure: false</c>. DocChat locks an
/// account after repeated failures, so password sign-ins always count failures here, and failed
/// logins and lockouts are logged as security events (by user id, never the password).
/// </summary>
public sealed class LockoutSignInManager(
    UserManager<IdentityUser> userManager,
    IHttpContextAccessor contextAccessor,
    IUserClaimsPrincipalFactory<IdentityUser> claimsFactory,
    IOptions<IdentityOptions> optionsAccessor,
    ILogger<SignInManager<IdentityUser>> logger,
    IAuthenticationSchemeProvider schemes,
    IUserConfirmation<IdentityUser> confirmation)
    : SignInManager<IdentityUser>(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    public override async Task<SignInResult> PasswordSignInAsync(
        IdentityUser user, string password, bool isPersistent, bool lockoutOnFailure)
    {
        var result = await base.PasswordSignInAsync(user, password, isPersistent, lockoutOnFailure: true);
        if (result.IsLockedOut)
        {
            Logger.LogWarning("Security: login refused, account {UserId} is locked out", user.Id);
        }
        else if (!result.Succeeded && !result.RequiresTwoFactor)
        {
            Logger.LogWarning("Security: failed login for account {UserId}", user.Id);
        }

        return result;
    }
}
