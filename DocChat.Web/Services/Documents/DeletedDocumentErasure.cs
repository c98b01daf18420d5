using DocChat.Web.Data;
using DocChat.Web.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace DocChat.Web.Services.Documents;

/// <summary>
/// Erases deleted documents' passages in the background, <see cref="BatchSize"/> per transaction,
/// then the documents, then the rows of erased accounts that have nothing left; finally truncates
/// the WAL, so nothing of them stays in the database files. FTS5 removes each of a passage's
/// terms from the index pages as it goes (about 1.6 ms a passage), which is why this is not done
/// in one transaction in the request: a 20,000-passage document would hold the write lock for
/// half a minute. Work left by a stopped process is picked up at the next start.
/// </summary>
public sealed class DeletedDocumentErasure(IServiceScopeFactory scopes, ILogger<DeletedDocumentErasure> logger) : BackgroundService
{
    public const int BatchSize = 200;

    private readonly SemaphoreSlim signal = new(0, 1);

    /// <summary>Something was deleted: start erasing now rather than at the next periodic check.</summary>
    public void Notify()
    {
        try
        {
            signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled.
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await EraseAsync(scope.ServiceProvider, stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // Nothing is lost: the documents stay hidden and the next round goes on.
                logger.LogError(exception, "Erasing deleted documents failed");
            }

            await signal.WaitAsync(TimeSpan.FromSeconds(30), stoppingToken);
        }
    }

    /// <summary>
    /// Deletes a document's passages, <see cref="BatchSize"/> per transaction; <paramref name="beforeEachBatch"/>
    /// runs in each transaction first (the ingestion checks its lease there). Returns how many.
    /// </summary>
    public static async Task<int> DeletePassagesAsync(
        DocChatDbContext db, Guid documentId, CancellationToken cancellationToken, Func<Task>? beforeEachBatch = null)
    {
        var deleted = 0;
        while (true)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            if (beforeEachBatch is not null)
            {
                await beforeEachBatch();
            }

            var batch = await db.DocumentChunks.Where(c => c.DocumentId == documentId)
                .OrderBy(c => c.Id).Select(c => c.Id).Take(BatchSize).ToListAsync(cancellationToken);
            if (batch.Count > 0)
            {
                await db.DocumentChunks.Where(c => batch.Contains(c.Id)).ExecuteDeleteAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            deleted += batch.Count;
            if (batch.Count < BatchSize)
            {
                return deleted;
            }
        }
    }

    private async Task EraseAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<DocChatDbContext>();
        var documents = 0;
        var passages = 0;
        while (await db.Documents.IgnoreQueryFilters().Where(d => d.Status == DocumentStatus.Deleting)
                   .Select(d => (Guid?)d.Id).FirstOrDefaultAsync(cancellationToken) is { } documentId)
        {
            passages += await DeletePassagesAsync(db, documentId, cancellationToken);
            await db.Documents.IgnoreQueryFilters().Where(d => d.Id == documentId).ExecuteDeleteAsync(cancellationToken);
            documents++;
        }

        // Erased accounts with no document left: the stripped row goes, its foreign keys take the rest.
        var accounts = await db.Users
            .Where(u => u.ErasedUtc != null && !db.Documents.IgnoreQueryFilters().Any(d => d.UserId == u.Id))
            .ExecuteDeleteAsync(cancellationToken);

        if (documents > 0 || accounts > 0)
        {
            await services.GetRequiredService<DatabaseMaintenance>().FinishErasureAsync(cancellationToken);
            logger.LogInformation(
                "Erased {DocumentCount} deleted documents ({PassageCount} passages) and {AccountCount} accounts",
                documents, passages, accounts);
        }
    }
}
