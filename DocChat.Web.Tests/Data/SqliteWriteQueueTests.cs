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
        using var contexts = new Contexts(factory);
        var (first, second) = (contexts.New(), contexts.New());

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

    [SqliteFact]
    public async Task AWriteOutsideATransaction_WaitsInTheSameQueue_AheadOfTransactionsThatCameAfterIt()
    {
        using var factory = new DocChatFactory();
        using var contexts = new Contexts(factory);
        var (first, second, third) = (contexts.New(), contexts.New(), contexts.New());
        await second.Database.OpenConnectionAsync(); // so the write goes straight to its turn

        var holding = await first.Database.BeginTransactionAsync();
        var write = Task.Run(() => second.Database.ExecuteSqlRawAsync("""CREATE TABLE "QueueProbe" ("Id" INTEGER)"""));
        await Task.Delay(500);
        Assert.False(write.IsCompleted, "A write went in while a transaction held the database.");

        // A transaction that queues after the write sees what the write did: the write went in
        // first (in the busy handler it would still be asleep when this one was let in).
        var later = Task.Run(async () =>
        {
            await using var transaction = await third.Database.BeginTransactionAsync();
            var tables = await third.Database
                .SqlQuery<int>($"""SELECT count(*) AS "Value" FROM sqlite_master WHERE name = 'QueueProbe'""").SingleAsync();
            await transaction.CommitAsync();
            return tables;
        });
        await Task.Delay(300);
        await holding.CommitAsync();
        await holding.DisposeAsync();
        await write.WaitAsync(Handover);
        Assert.Equal(1, await later.WaitAsync(Handover));
    }

    [SqliteFact]
    public async Task AWriteOutsideATransaction_ThatFailsOrIsCanceled_GivesTheTurnBack()
    {
        using var factory = new DocChatFactory();
        using var contexts = new Contexts(factory);
        var (first, second) = (contexts.New(), contexts.New());

        // Failed in SQLite, after its turn came: the next transaction goes straight in.
        await Assert.ThrowsAnyAsync<Exception>(() => second.Database.ExecuteSqlRawAsync("""UPDATE "NoSuchTable" SET "Id" = 1"""));
        var afterFailure = await first.Database.BeginTransactionAsync().WaitAsync(Handover);

        // Canceled while it waited in the queue: the transaction ahead of it hands on to the next.
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            second.Database.ExecuteSqlRawAsync("""UPDATE "AspNetUsers" SET "LastSeenUtc" = NULL WHERE 0""", cancel.Token));
        await afterFailure.CommitAsync();
        await afterFailure.DisposeAsync();
        await using var next = await second.Database.BeginTransactionAsync().WaitAsync(Handover);
    }

    /// <summary>Contexts of the app, each in a scope of its own (so on a connection of its own), ended together.</summary>
    private sealed class Contexts(DocChatFactory factory) : IDisposable
    {
        private readonly List<IServiceScope> scopes = [];

        public DocChatDbContext New()
        {
            _ = factory.Server;
            var scope = factory.Services.CreateScope();
            scopes.Add(scope);
            return scope.ServiceProvider.GetRequiredService<DocChatDbContext>();
        }

        public void Dispose() => scopes.ForEach(scope => scope.Dispose());
    }
}
