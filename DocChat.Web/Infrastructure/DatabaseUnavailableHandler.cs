using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Data.Sqlite;

namespace DocChat.Web.Infrastructure;

/// <summary>
/// When the database cannot be written (locked past the busy time-out, disk full, read-only, I/O
/// error), or the folder of uploaded files cannot (<see cref="Services.Documents.UploadsUnavailableException"/>),
/// the answer is a clear 503 with Retry-After rather than a 500. Nothing is half-written:
/// each write is one transaction. Requests open connections afresh, so service comes back on its
/// own once the fault clears; no restart is needed.
/// </summary>
public sealed class DatabaseUnavailableHandler(ILogger<DatabaseUnavailableHandler> logger) : IExceptionHandler
{
    private const int RetryAfterSeconds = 10;

    // SQLITE_BUSY, SQLITE_LOCKED, SQLITE_READONLY, SQLITE_IOERR, SQLITE_FULL, SQLITE_CANTOPEN
    private static readonly int[] Unavailable = [5, 6, 8, 10, 13, 14];

    public const string Message = "DocChat cannot save right now (the database is busy or its disk is full or read-only). Nothing was changed. Please try again in a moment.";

    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var path = context.Features.Get<IExceptionHandlerPathFeature>()?.Path ?? context.Request.Path.Value ?? "";
        if (Find(exception) is { } sqlite)
        {
            logger.LogError("Database unavailable (SQLite error {SqliteErrorCode}) for {RequestMethod} {RequestPath}", sqlite.SqliteErrorCode, context.Request.Method, path);
        }
        else if (exception is Services.Documents.UploadsUnavailableException uploads)
        {
            logger.LogError("Uploads unavailable for {RequestMethod} {RequestPath}: {Reason}", context.Request.Method, path, uploads.Message);
        }
        else
        {
            return false;
        }

        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var asJson = path.StartsWith("/api/", StringComparison.OrdinalIgnoreCase);
        await ErrorResponse.WriteAsync(context, asJson, "Temporarily unavailable", "database-unavailable", Message, cancellationToken);
        return true;
    }

    private static SqliteException? Find(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is SqliteException sqlite && Unavailable.Contains(sqlite.SqliteErrorCode))
            {
                return sqlite;
            }
        }

        return null;
    }
}
