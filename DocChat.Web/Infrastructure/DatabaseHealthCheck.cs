using DocChat.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DocChat.Web.Infrastructure;

/// <summary>
/// What <c>GET /healthz</c> reports to a load balancer: healthy when this instance can query its
/// database (a read of the users table, so a reachable server with a missing schema is unhealthy
/// too). The exception is logged, never shown: the response body is only "Healthy" or "Unhealthy".
/// </summary>
public sealed class DatabaseHealthCheck(DocChatDbContext db, ILogger<DatabaseHealthCheck> logger) : IHealthCheck
{
    public const string Path = "/healthz";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await db.Users.AsNoTracking().AnyAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(exception, "Health check: the database cannot be reached");
            return HealthCheckResult.Unhealthy();
        }
    }
}
