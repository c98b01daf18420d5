using System.Security.Claims;
using System.Threading.RateLimiting;
using DocChat.Web.Options;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace DocChat.Web.Infrastructure;

/// <summary>
/// Login, send and upload are limited per signed-in user and per client address, in fixed
/// windows; over the limit the answer is 429 with Retry-After, and the event is logged.
/// </summary>
public static class RateLimiting
{
    private const string LoginAccountKey = "DocChat.LoginAccount";

    private enum LimitedAction
    {
        Login,
        Send,
        Upload,
    }

    public static void AddDocChatRateLimits(this IServiceCollection services)
    {
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                PartitionedRateLimiter.Create<HttpContext, string>(context => Partition(context, perUser: true)),
                PartitionedRateLimiter.Create<HttpContext, string>(context => Partition(context, perUser: false)));
            options.OnRejected = OnRejectedAsync;
        });
    }

    /// <summary>
    /// Reads the account name of a login post before the rate limiter runs (the form is buffered,
    /// so the login page still reads it), so logins can be limited per account too.
    /// </summary>
    public static void UseLoginAccount(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (Classify(context.Request) == LimitedAction.Login && context.Request.HasFormContentType)
        {
            var form = await context.Request.ReadFormAsync(context.RequestAborted);
            if (form["Input.Email"].ToString().Trim() is { Length: > 0 } account)
            {
                context.Items[LoginAccountKey] = account.ToUpperInvariant();
            }
        }

        await next(context);
    });

    private static RateLimitPartition<string> Partition(HttpContext context, bool perUser)
    {
        if (Classify(context.Request) is not { } action)
        {
            return RateLimitPartition.GetNoLimiter("unlimited");
        }

        var limits = context.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value;
        string key;
        int permits;
        if (perUser)
        {
            // A login's "user" is the account being logged into, as typed (read by UseLoginAccount).
            var user = action == LimitedAction.Login
                ? context.Items[LoginAccountKey] as string
                : context.User.FindFirstValue(ClaimTypes.NameIdentifier);
            if (user is null)
            {
                return RateLimitPartition.GetNoLimiter("unlimited");
            }

            key = $"{action}:user:{user}";
            permits = action switch
            {
                LimitedAction.Login => limits.LoginPerAccount,
                LimitedAction.Send => limits.SendPerUser,
                _ => limits.UploadPerUser,
            };
        }
        else
        {
            key = $"{action}:address:{context.Connection.RemoteIpAddress}";
            permits = action switch
            {
                LimitedAction.Login => limits.LoginPerAddress,
                LimitedAction.Send => limits.SendPerAddress,
                _ => limits.UploadPerAddress,
            };
        }

        return RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = TimeSpan.FromSeconds(limits.WindowSeconds),
            QueueLimit = 0,
        });
    }

    private static LimitedAction? Classify(HttpRequest request)
    {
        if (!HttpMethods.IsPost(request.Method))
        {
            return null;
        }

        var path = request.Path;
        if (path.Equals("/Identity/Account/Login", StringComparison.OrdinalIgnoreCase))
        {
            return LimitedAction.Login;
        }

        if (path.Equals("/Chat/Send", StringComparison.OrdinalIgnoreCase) || path.Equals("/Chat/Stream", StringComparison.OrdinalIgnoreCase)
            || path.Equals("/Chat/Retry", StringComparison.OrdinalIgnoreCase))
        {
            return LimitedAction.Send;
        }

        return path.Equals("/Documents/Upload", StringComparison.OrdinalIgnoreCase) ? LimitedAction.Upload : null;
    }

    private static async ValueTask OnRejectedAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        var seconds = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? (int)Math.Ceiling(retryAfter.TotalSeconds) : 60;
        context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RateLimiting)).LogWarning(
            "Security: rate limit reached for {RequestMethod} {RequestPath} by user {UserId} from {RemoteAddress}",
            context.Request.Method, context.Request.Path.Value,
            context.User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "anonymous", context.Connection.RemoteIpAddress?.ToString() ?? "unknown");

        var message = $"Too many requests. Please wait {seconds} seconds and try again.";
        var asJson = context.Request.Path.StartsWithSegments("/api") || context.Request.Path.StartsWithSegments("/Chat/Stream");
        await ErrorResponse.WriteAsync(context, asJson, "Slow down", "rate-limited", message, cancellationToken);
    }
}
