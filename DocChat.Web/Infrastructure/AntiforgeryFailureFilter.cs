using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.Core.Infrastructure;
using Microsoft.AspNetCore.Mvc.Infrastructure;

namespace DocChat.Web.Infrastructure;

/// <summary>
/// Turns the bare 400 of a failed antiforgery check into a page that says what happened (or an
/// API error body), and logs it as a security event.
/// </summary>
public sealed class AntiforgeryFailureFilter(ILogger<AntiforgeryFailureFilter> logger) : IAlwaysRunResultFilter
{
    public const string ApiMessage = "Missing or invalid antiforgery token: send it in the RequestVerificationToken header.";

    public void OnResultExecuting(ResultExecutingContext context)
    {
        if (context.Result is not IAntiforgeryValidationFailedResult)
        {
            return;
        }

        var user = context.HttpContext.User.Identity?.IsAuthenticated == true ? context.HttpContext.User.GetUserId() : null;
        logger.LogWarning(
            "Security: antiforgery validation failed for {RequestMethod} {RequestPath} by user {UserId}",
            context.HttpContext.Request.Method, context.HttpContext.Request.Path.Value, user ?? "anonymous");

        // The controller is not created when the antiforgery check short-circuits, so ask the action's metadata.
        if (context.ActionDescriptor.EndpointMetadata.OfType<IApiBehaviorMetadata>().Any())
        {
            context.Result = new BadRequestObjectResult(new ApiError(ApiMessage));
            return;
        }

        context.Result = new ViewResult
        {
            ViewName = "AntiforgeryFailed",
            StatusCode = StatusCodes.Status400BadRequest,
        };
    }

    public void OnResultExecuted(ResultExecutedContext context)
    {
    }
}
