using DocChat.Web.Data;
using DocChat.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DocChat.Web.Tests.Data;

public sealed class SqliteWriteQueueTests
{
    /// <summary>
    /// Well under <see cref="SqliteWriteQueue.LongestWait"/>: a transaction let in sooner was let in
    /// by the one before giving its turn back, not by the queue giving up on it.
    /// </summary>
    private static readonly TimeSpan Handover = TimeSpan.FromSeconds(2);

    [SqliteFact]
    public async Task AWriteTransaction_WaitsInTheQueue_AndGoesInWhenTheOneBeforeCommits_OrIsAbandoned()
    {
        using var factory = new DocChatFactory();
        _ = factory.Server;
        using var firstScope = factory.Services.CreateScope();
        using var secondScope = factory.Services.CreateScope();
        var first = firstScope.ServiceProvider.GetRequiredService<DocChatDbContext>();
        var second = secondScope.ServiceProvider.GetRequiredService<DocChatDbContext>();

        // Committed: the next one goes in.
        var holding = await first.Database.BeginTransactionAsync();
        var waiting = second.Database.BeginTransactionAsync();
        await Task.Delay(300);
        Assert.False(waiting.IsCompleted, "A second write transaction began while the first still held the database.");
        await holding.CommitAsync();
        await holding.DisposeAsync();
        var next = await waiting.WaitAsync(Handover);

        // Abandoned (an exception inside it: disposed with neither commit nor rollback): the
        // connection closing behind it gives the turn back.
        var third = Task.Run(async () =>
        {
            using var scope = factory.Services.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<DocChatDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            await db.Database.ExecuteSqlRawAsync("SELECT 1");
        });
        await Task.Delay(300);
        Assert.False(third.IsCompleted, "A write transaction began while another held the database.");
        await next.DisposeAsync();
        await third.WaitAsync(Handover);
        await using var last = await first.Database.BeginTransactionAsync().WaitAsync(Handover);
    }
}
