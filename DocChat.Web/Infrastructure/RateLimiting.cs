using System.Security.Claims;
using System.Threading.RateLimiting;
using DocChat.Web.Options;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace DocChat.Web.Infrastructure;

/// <summary>
/// Login, send and upload are limited per client address, send and upload also per signed-in
/// user (logins per account: <see cref="AccountLoginLimiter"/>), in fixed windows; over the limit
/// the answer is 429 with Retry-After, and the event is logged.
/// </summary>
public static class RateLimiting
{
    private enum LimitedAction
    {
        Login,
        Send,
        Upload,
    }

    public static void AddDocChatRateLimits(this IServiceCollection services)
    {
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<AccountLoginLimiter>();
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                PartitionedRateLimiter.Create<HttpContext, string>(context => Partition(context, perUser: true)),
                PartitionedRateLimiter.Create<HttpContext, string>(context => Partition(context, perUser: false)));
            options.OnRejected = OnRejectedAsync;
        });
    }

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
            // Logins are limited per account where the account name is known for certain: in
            // sign-in itself (AccountLoginLimiter), not from a form field read here.
            if (action == LimitedAction.Login || context.User.FindFirstValue(ClaimTypes.NameIdentifier) is not { } user)
            {
                return RateLimitPartition.GetNoLimiter("unlimited");
            }

            key = $"{action}:user:{user}";
            permits = action == LimitedAction.Send ? limits.SendPerUser : limits.UploadPerUser;
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

    private static ValueTask OnRejectedAsync(OnRejectedContext rejected, CancellationToken cancellationToken) =>
        new(RejectAsync(
            rejected.HttpContext,
            rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromMinutes(1),
            cancellationToken));

    /// <summary>429 with Retry-After and a message, logged as a security event.</summary>
    public static async Task RejectAsync(HttpContext context, TimeSpan retryAfter, CancellationToken cancellationToken)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RateLimiting)).LogWarning(
            "Security: rate limit reached for {RequestMethod} {RequestPath} by user {UserId} from {RemoteAddress}",
            context.Request.Method, context.Request.Path.Value,
            context.User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "anonymous", context.Connection.RemoteIpAddress?.ToString() ?? "unknown");

        var message = $"Too many requests. Please wait {seconds} seconds and try again.";
        await ErrorResponse.WriteAsync(context, ErrorResponse.WantsJson(context.Request), "Slow down", "rate-limited", message, cancellationToken);
    }
}
