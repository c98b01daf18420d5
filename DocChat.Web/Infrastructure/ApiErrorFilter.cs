using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.AspNetCore.WebUtilities;

namespace DocChat.Web.Infrastructure;

/// <summary>
/// Gives every failed API result the one error shape, <c>{"error": "..."}</c>, and logs it.
/// Covers the results MVC produces on its own (415, 404 ...) as well as the controller's.
/// </summary>
public sealed class ApiErrorFilter(ILogger<ApiErrorFilter> logger) : IAlwaysRunResultFilter
{
    public void OnResultExecuting(ResultExecutingContext context)
    {
        if (context.Result is not IStatusCodeActionResult { StatusCode: >= 400 and var status })
        {
            return;
        }

        if (context.Result is not ObjectResult { Value: ApiError })
        {
            var message = status == StatusCodes.Status415UnsupportedMediaType
                ? "Send a JSON body (Content-Type: application/json) or no body at all."
                : ReasonPhrases.GetReasonPhrase(status);
            context.Result = new ObjectResult(new ApiError(message)) { StatusCode = status };
        }

        var error = ((ApiError)((ObjectResult)context.Result).Value!).Error;
        logger.LogWarning(
            "API {RequestMethod} {RequestPath} failed with {StatusCode}: {Error}",
            context.HttpContext.Request.Method, context.HttpContext.Request.Path.Value, status, error);
    }

    public void OnResultExecuted(ResultExecutedContext context)
    {
    }
}
