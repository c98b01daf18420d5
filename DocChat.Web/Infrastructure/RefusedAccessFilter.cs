using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace DocChat.Web.Infrastructure;

/// <summary>
/// Logs a signed-in user's 404 from an action as a security event: actions answer 404 only for an
/// id that does not exist or is someone else's, and a run of them is someone probing ids.
/// </summary>
public sealed class RefusedAccessFilter(ILogger<RefusedAccessFilter> logger) : IAlwaysRunResultFilter
{
    public void OnResultExecuting(ResultExecutingContext context)
    {
        if (context.Result is NotFoundResult or NotFoundObjectResult && context.HttpContext.User.Identity?.IsAuthenticated == true)
        {
            logger.LogWarning(
                "Security: refused {RequestMethod} {RequestPath} for user {UserId}: no such item of theirs",
                context.HttpContext.Request.Method, context.HttpContext.Request.Path.Value, context.HttpContext.User.GetUserId());
        }
    }

    public void OnResultExecuted(ResultExecutedContext context)
    {
    }
}
