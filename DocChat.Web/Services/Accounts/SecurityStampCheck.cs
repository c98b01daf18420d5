using System.Security.Claims;
using DocChat.Web.Data;
using DocChat.Web.Infrastructure;
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
/// principal and re-issues the cookie on every request; this reads one row by primary key
/// and leaves the cookie as it is. The same read gives the user's data version, which the
/// chat page's cache needs (<see cref="ChatPageCache"/>).
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
            var db = services.GetRequiredService<DocChatDbContext>();
            var current = await db.Users
                .AsNoTracking()
                .Where(u => u.Id == userId)
                .Select(u => new { u.SecurityStamp, u.LastSeenUtc, u.DataVersion })
                .SingleOrDefaultAsync(context.HttpContext.RequestAborted);
            if (current?.SecurityStamp == stamp)
            {
                ChatPageCache.SetDataVersion(context.HttpContext, current.DataVersion);
                await RecordLastSeenAsync(db, services.GetRequiredService<TimeProvider>(), userId, current.LastSeenUtc, context.HttpContext.RequestAborted);
                return;
            }
        }

        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
    }

    /// <summary>How precisely the administrator page knows when a user was last seen: one write per user per interval at most.</summary>
    public static readonly TimeSpan LastSeenResolution = TimeSpan.FromMinutes(5);

    private static async Task RecordLastSeenAsync(DocChatDbContext db, TimeProvider clock, string userId, DateTime? lastSeen, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (lastSeen is null || now - lastSeen >= LastSeenResolution)
        {
            try
            {
                await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(u => u.SetProperty(x => x.LastSeenUtc, now), cancellationToken);
            }
            catch (System.Data.Common.DbException)
            {
                // Only a date for the administrator page: a busy or read-only database must not fail the request.
            }
        }
    }
}
