using System.Security.Claims;
using DocChat.Web.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DocChat.Web.Services.Accounts;

/// <summary>
/// Checks the login cookie's security stamp against the database on every request, so a logout
/// or a password change ends every other copy of the login at once. It replaces Identity's
/// <c>SecurityStampValidator</c>, which with a zero interval loads the whole user, rebuilds the
/// principal and re-issues the cookie on every request; this reads one column by primary key
/// and leaves the cookie as it is.
/// </summary>
public static class SecurityStampCheck
{
    public static async Task ValidatePrincipalAsync(CookieValidatePrincipalContext context)
    {
        var services = context.HttpContext.RequestServices;
        var stampClaim = services.GetRequiredService<IOptions<IdentityOptions>>().Value.ClaimsIdentity.SecurityStampClaimType;
        var userId = context.Principal?.FindFirstValue(ClaimTypes.NameIdentifier);
        var stamp = context.Principal?.FindFirstValue(stampClaim);
        if (userId is not null && stamp is not null)
        {
            var current = await services.GetRequiredService<DocChatDbContext>().Users
                .AsNoTracking()
                .Where(u => u.Id == userId)
                .Select(u => u.SecurityStamp)
                .SingleOrDefaultAsync(context.HttpContext.RequestAborted);
            if (current == stamp)
            {
                return;
            }
        }

        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
    }
}
