using Microsoft.AspNetCore.Diagnostics;

namespace DocChat.Web.Infrastructure;

/// <summary>
/// Some stock Identity UI pages throw InvalidOperationException when opened out of order: a
/// two-factor sign-in step without a sign-in in progress, "disable two-factor" when it is not on.
/// Those are stale links, not server errors: the visitor is sent back to the login or account
/// page (the exception is still logged by the handler before this one).
/// </summary>
public sealed class ExpiredSignInFlowHandler(ILogger<ExpiredSignInFlowHandler> logger) : IExceptionHandler
{
    public ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var path = context.Features.Get<IExceptionHandlerPathFeature>()?.Path ?? "";
        if (exception is not InvalidOperationException || !path.StartsWith("/Identity/Account/", StringComparison.OrdinalIgnoreCase))
        {
            return ValueTask.FromResult(false);
        }

        logger.LogWarning("Identity page {RequestPath} opened out of order: {Reason}", path, exception.Message);
        context.Response.Redirect(path.StartsWith("/Identity/Account/Manage", StringComparison.OrdinalIgnoreCase) && context.User.Identity?.IsAuthenticated == true
            ? "/Identity/Account/Manage"
            : "/Identity/Account/Login");
        return ValueTask.FromResult(true);
    }
}
