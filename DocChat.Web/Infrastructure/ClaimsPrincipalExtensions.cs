using System.Security.Claims;

namespace DocChat.Web.Infrastructure;

public static class ClaimsPrincipalExtensions
{
    /// <summary>The Identity user id of a signed-in user; every page that calls this requires login.</summary>
    public static string GetUserId(this ClaimsPrincipal user) =>
        user.FindFirstValue(ClaimTypes.NameIdentifier)
        ?? throw new InvalidOperationException("The request has no signed-in user.");
}
