namespace DocChat.Web.Infrastructure;

/// <summary>
/// The body of a failure written outside MVC (rate limiter, exception handlers): <c>{"error": ...}</c>
/// for scripts, otherwise a small page in the site's style. The message is DocChat's own text.
/// </summary>
public static class ErrorResponse
{
    /// <summary>Scripts (the JSON API and the page's streaming endpoint) read errors as JSON.</summary>
    public static bool WantsJson(HttpRequest request) =>
        request.Path.StartsWithSegments("/api") || request.Path.StartsWithSegments("/Chat/Stream");

    public static async Task WriteAsync(
        HttpContext context, bool asJson, string title, string elementId, string message, CancellationToken cancellationToken)
    {
        if (asJson)
        {
            await context.Response.WriteAsJsonAsync(new ApiError(message), cancellationToken);
            return;
        }

        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync(
            $"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title} - DocChat</title>"
            + "<link rel=\"stylesheet\" href=\"/lib/bootstrap/dist/css/bootstrap.min.css\"></head>"
            + $"<body class=\"container py-4\"><h1 class=\"h4\">{title}</h1><p id=\"{elementId}\">{message}</p>"
            + "<p><a href=\"/Chat\">Back to the chat</a></p></body></html>",
            cancellationToken);
    }
}
