using Microsoft.AspNetCore.Diagnostics;

namespace DocChat.Web.Infrastructure;

/// <summary>Unhandled errors under /api answer <c>{"error": "..."}</c>; pages get the error view.</summary>
public sealed class ApiExceptionHandler(ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var path = context.Features.Get<IExceptionHandlerPathFeature>()?.Path ?? context.Request.Path.Value ?? "";
        logger.LogError(exception, "Unhandled error for {RequestMethod} {RequestPath}", context.Request.Method, path);
        if (!path.StartsWith("/api/", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        context.Response.StatusCode = StatusCodes.Status500InternalServerError;
        await context.Response.WriteAsJsonAsync(new ApiError("Something went wrong on the server. It has been logged."), cancellationToken);
        return true;
    }
}
