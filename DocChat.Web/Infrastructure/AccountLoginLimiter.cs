using System.Threading.RateLimiting;
using DocChat.Web.Options;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Extensions.Options;

namespace DocChat.Web.Infrastructure;

/// <summary>
/// Login attempts per account, counted by the account name exactly as sign-in looks it up
/// (normalised), so no trick with form fields can attempt one account under another key.
/// Called by <see cref="Services.Accounts.LockoutSignInManager"/>; over the limit the login
/// answers 429 (<see cref="TooManyLoginsHandler"/>).
/// </summary>
public sealed class AccountLoginLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> limiter;
    private readonly TimeSpan window;

    public AccountLoginLimiter(IOptions<RateLimitOptions> options)
    {
        var limits = options.Value;
        window = TimeSpan.FromSeconds(limits.WindowSeconds);
        limiter = PartitionedRateLimiter.Create<string, string>(account => RateLimitPartition.GetFixedWindowLimiter(account, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = limits.LoginPerAccount,
            Window = window,
            QueueLimit = 0,
        }));
    }

    /// <param name="normalizedName">The account name as Identity normalises it for look-up.</param>
    /// <exception cref="TooManyLoginsException">The account has had its attempts for this window.</exception>
    public void Attempt(string normalizedName)
    {
        using var lease = limiter.AttemptAcquire(normalizedName);
        if (!lease.IsAcquired)
        {
            throw new TooManyLoginsException(lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : window);
        }
    }

    public void Dispose() => limiter.Dispose();
}

public sealed class TooManyLoginsException(TimeSpan retryAfter) : Exception("Too many login attempts for one account.")
{
    public TimeSpan RetryAfter { get; } = retryAfter;
}

/// <summary>Answers a login over its per-account limit with the same 429 as every other rate limit.</summary>
public sealed class TooManyLoginsHandler : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not TooManyLoginsException tooMany)
        {
            return false;
        }

        await RateLimiting.RejectAsync(context, tooMany.RetryAfter, cancellationToken);
        return true;
    }
}
