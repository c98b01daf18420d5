using DocChat.Web.Services.Admin;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace DocChat.Web.Infrastructure;

/// <summary>
/// Administrators only: anyone else gets the 404 every other missing page gets (the admin pages
/// do not admit they exist), logged as a security event.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class AdministratorsOnlyAttribute : Attribute, IAsyncAuthorizationFilter
{
    public async Task OnAuthorizationAsync(AuthorizationFilterContext context)
    {
        var http = context.HttpContext;
        var signedIn = http.User.Identity?.IsAuthenticated == true;
        if (signedIn && await http.RequestServices.GetRequiredService<AdminService>().IsAdministratorAsync(http.User.GetUserId(), http.RequestAborted))
        {
            return;
        }

        if (signedIn)
        {
            http.RequestServices.GetRequiredService<ILogger<AdministratorsOnlyAttribute>>().LogWarning(
                "Security: refused {RequestMethod} {RequestPath} for user {UserId}: not an administrator",
                http.Request.Method, http.Request.Path.Value, http.User.GetUserId());
        }

        context.Result = new NotFoundResult();
    }
}
