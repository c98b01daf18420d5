using System.Security.Claims;
using DocChat.Web.Data.Entities;
using DocChat.Web.Services.Admin;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace DocChat.Web.Services.Accounts;

/// <summary>
/// Adds <see cref="ClaimType"/> to an administrator's login, so the layout can show the Admin link
/// without a query. Only a hint for the menu: the admin pages check the database on every request.
/// </summary>
public sealed class AdministratorClaims(UserManager<DocChatUser> users, IOptions<IdentityOptions> options, AdminService admin)
    : UserClaimsPrincipalFactory<DocChatUser>(users, options)
{
    public const string ClaimType = "docchat:administrator";

    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(DocChatUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        if (await admin.IsAdministratorAsync(user.Id, CancellationToken.None))
        {
            identity.AddClaim(new Claim(ClaimType, "true"));
        }

        return identity;
    }
}
