namespace DocChat.Web.Infrastructure;

/// <summary>
/// Reads a posted form once, before anything else needs it, so a form that cannot be read (more
/// than 1,024 fields, a NUL character, a broken multipart body, a body over its limit) is answered
/// 400 (or 413) here, instead of throwing a 500 wherever it is first read: the antiforgery check,
/// model binding or an Identity page. It runs after the rate limiter and authorization, so such
/// requests are still counted and an anonymous client never gets an upload buffered. The form is
/// cached on the request, so it is not read twice.
/// </summary>
public sealed class FormReadingMiddleware(RequestDelegate next, ILogger<FormReadingMiddleware> logger)
{
    public const string Message = "The form could not be read. Reload the page and try again.";

    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Request.HasFormContentType)
        {
            try
            {
                await context.Request.ReadFormAsync(context.RequestAborted);
            }
            catch (Exception exception) when (exception is InvalidDataException or IOException && !context.RequestAborted.IsCancellationRequested)
            {
                logger.LogWarning(
                    "Security: unreadable form refused for {RequestMethod} {RequestPath} from {RemoteAddress}: {Reason}",
                    context.Request.Method, context.Request.Path.Value, context.Connection.RemoteIpAddress?.ToString() ?? "unknown", exception.Message);
                context.Response.StatusCode = exception is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge }
                    ? StatusCodes.Status413PayloadTooLarge
                    : StatusCodes.Status400BadRequest;
                await ErrorResponse.WriteAsync(context, ErrorResponse.WantsJson(context.Request), "Bad request", "bad-form", Message, context.RequestAborted);
                return;
            }
        }

        await next(context);
    }
}
