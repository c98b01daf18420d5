using DocChat.Web.Options;
using Microsoft.Extensions.Options;

namespace DocChat.Web.Services.Chat;

/// <summary>
/// Erases for good, in the background, what Clear hid once the undo window has ended, and chats
/// unused for longer than their retention (<see cref="ChatRetention"/>).
/// </summary>
public sealed class ClearPurgeService(
    IServiceScopeFactory scopes,
    IOptions<ClearOptions> options,
    TimeProvider clock,
    ILogger<ClearPurgeService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.PurgeIntervalSeconds), clock);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<ChatSessionService>().PurgeExpiredAsync(stoppingToken);
                await scope.ServiceProvider.GetRequiredService<ChatRetention>().EraseExpiredAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // The next tick tries again; nothing is lost by waiting.
                logger.LogError(exception, "Purging expired clears failed");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
