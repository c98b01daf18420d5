using System.Diagnostics;
using System.Security.Claims;

namespace DocChat.Web.Infrastructure;

/// <summary>
/// One log line per request: method, path (never the query string, which may carry tokens),
/// status, elapsed time and user id (a healthy <c>/healthz</c> at Debug level).
/// </summary>
public sealed class RequestLoggingMiddleware(RequestDelegate next, ILogger<RequestLoggingMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        var failed = false;
        try
        {
            await next(context);
        }
        catch
        {
            failed = true;
            throw;
        }
        finally
        {
            var status = failed ? StatusCodes.Status500InternalServerError : context.Response.StatusCode;
            // A load balancer asks for /healthz every few seconds: only a failing answer is news.
            var level = status == StatusCodes.Status200OK && context.Request.Path.Equals(DatabaseHealthCheck.Path, StringComparison.OrdinalIgnoreCase)
                ? LogLevel.Debug
                : LogLevel.Information;
            logger.Log(
                level,
                "HTTP {RequestMethod} {RequestPath} responded {StatusCode} in {Elapsed:0.0} ms for user {UserId}",
                context.Request.Method,
                context.Request.Path.Value,
                status,
                Stopwatch.GetElapsedTime(started).TotalMilliseconds,
                context.User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "anonymous");
        }
    }
}
