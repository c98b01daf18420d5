using System.Data.Common;
using DocChat.Web.Data;
using DocChat.Web.Data.Entities;
using DocChat.Web.Options;
using DocChat.Web.Services.Answering;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query;
using Microsoft.Extensions.Options;

namespace DocChat.Web.Services.Documents;

/// <summary>
/// Reads and indexes uploaded documents in the background, oldest first, up to
/// <see cref="DocumentOptions.IngestionWorkers"/> at a time: Queued -> Processing (pages read,
/// passages stored) -> Ready or Failed with a reason. A document is
/// held under a lease that is renewed every second, so work left by a process that stopped or
/// died is taken up again (at start-up, or once the lease runs out); the uploaded bytes stay
/// (<see cref="IUploadStore"/>) until the document is Ready or Failed. Passages are stored in short
/// transactions, so other users' writes never wait long behind a big document, and one document
/// at a time (<see cref="StoringTurns"/>), while the other workers read theirs.
/// </summary>
public sealed class DocumentIngestion(
    IServiceScopeFactory scopes,
    DocumentReaders readers,
    TextChunker chunker,
    TimeProvider clock,
    IOptions<DocumentOptions> options,
    ILogger<DocumentIngestion> logger) : BackgroundService
{
    /// <summary>Passages stored per write transaction.</summary>
    private const int BatchSize = 500;

    /// <summary>Documents from this size on hand their memory back to the system when done.</summary>
    private const long LargeDocumentBytes = 2 * 1024 * 1024;

    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(1);

    private readonly SemaphoreSlim wake = new(0, options.Value.IngestionWorkers);

    /// <summary>One document's passages are stored at a time; for up to this long while another waits (<see cref="StoringTurns"/>).</summary>
    private readonly StoringTurns turns = new(TimeSpan.FromSeconds(1));

    /// <summary>Large documents done since memory was last handed back (<see cref="ReturnMemoryWhenIdle"/>).</summary>
    private int largeDocumentsDone;

    /// <summary>Workers taking or ingesting documents; the last to run out of work hands memory back (<see cref="ReturnMemoryWhenIdle"/>).</summary>
    private int workersAtWork;

    private TimeSpan Lease => TimeSpan.FromSeconds(options.Value.IngestionLeaseSeconds);

    /// <summary>Wakes the ingestion's workers now (an upload was queued) instead of at their next look.</summary>
    public void Notify()
    {
        // Each worker that wakes takes a document if one is left; the others look and sleep again.
        var notYetWoken = options.Value.IngestionWorkers - wake.CurrentCount;
        try
        {
            if (notYetWoken > 0)
            {
                wake.Release(notYetWoken);
            }
        }
        catch (SemaphoreFullException)
        {
            // Woken meanwhile.
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await RemoveStrayUploadsAsync(stoppingToken);
        await Task.WhenAll(Enumerable.Range(0, options.Value.IngestionWorkers).Select(_ => Task.Run(() => WorkAsync(stoppingToken), stoppingToken)));
    }

    /// <summary>Uploaded bytes left by a process that stopped between a document's end and their removal (<see cref="IUploadStore.RemoveStrayAsync"/>).</summary>
    private async Task RemoveStrayUploadsAsync(CancellationToken stoppingToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<IUploadStore>().RemoveStrayAsync(stoppingToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Not in the way of the work: the next start tries again.
            logger.LogError(exception, "Removing uploaded files whose documents no longer wait failed");
        }
    }

    /// <summary>One worker: takes the next document while there is one, then waits to be woken.</summary>
    private async Task WorkAsync(CancellationToken stoppingToken)
    {
        // Queued work is also looked for on a timer: uploads made before a restart, and documents
        // whose lease ran out.
        var idle = Heartbeat * 5 < Lease ? Heartbeat * 5 : Lease;
        while (!stoppingToken.IsCancellationRequested)
        {
            Interlocked.Increment(ref workersAtWork);
            try
            {
                while (await TakeNextAsync(stoppingToken) is { } taken)
                {
                    await IngestAsync(taken, stoppingToken);
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // The next look tries again; the documents stay queued.
                logger.LogError(exception, "Document ingestion failed to take the next document");
            }
            finally
            {
                if (Interlocked.Decrement(ref workersAtWork) == 0 && !stoppingToken.IsCancellationRequested)
                {
                    ReturnMemoryWhenIdle();
                }
            }

            try
            {
                await wake.WaitAsync(idle, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private sealed record Taken(Guid DocumentId, Guid LeaseId, string UserId, string FileName, long SizeBytes);

    /// <summary>Takes the oldest Queued document, or one whose holder stopped renewing its lease.</summary>
    private async Task<Taken?> TakeNextAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DocChatDbContext>();
        while (true)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var next = await db.Documents
                .Where(d => d.Status == DocumentStatus.Queued || (d.Status == DocumentStatus.Processing && d.LeaseExpiresUtc < now))
                .OrderBy(d => d.UploadedUtc)
                .Select(d => new { d.Id, d.UserId, d.FileName, d.Status, d.SizeBytes })
                .FirstOrDefaultAsync(cancellationToken);
            if (next is null)
            {
                return null;
            }

            // Taken only if nobody took it meanwhile (another instance, on a shared database).
            var leaseId = Guid.NewGuid();
            var taken = await db.Documents
                .Where(d => d.Id == next.Id && (d.Status == DocumentStatus.Queued || (d.Status == DocumentStatus.Processing && d.LeaseExpiresUtc < now)))
                .ExecuteUpdateAsync(
                    d => d.SetProperty(x => x.Status, DocumentStatus.Processing)
                          .SetProperty(x => x.LeaseId, leaseId)
                          .SetProperty(x => x.LeaseExpiresUtc, now + Lease)
                          .SetProperty(x => x.PagesRead, (int?)null)
                          .SetProperty(x => x.PassagesIndexed, (int?)null),
                    cancellationToken);
            if (taken == 1)
            {
                if (next.Status == DocumentStatus.Processing)
                {
                    logger.LogWarning("Took over document {DocumentId}: its earlier ingestion stopped renewing its lease", next.Id);
                }

                return new Taken(next.Id, leaseId, next.UserId, next.FileName, next.SizeBytes);
            }
        }
    }

    /// <summary>What the heartbeat writes: how far the work is, updated as it goes.</summary>
    private sealed class Progress : IProgress<PageProgress>
    {
        private int pagesRead;
        private int passagesIndexed;

        public int? PagesRead => Volatile.Read(ref pagesRead) is var pages && pages > 0 ? pages : null;

        public int? PassagesIndexed => Volatile.Read(ref passagesIndexed) is var passages && passages > 0 ? passages : null;

        public int? PageCount { get; private set; }

        public void Report(PageProgress value)
        {
            PageCount = value.PageCount;
            Volatile.Write(ref pagesRead, value.PagesRead);
        }

        public void Indexed(int passages) => Volatile.Write(ref passagesIndexed, passages);
    }

    /// <summary>The lease was lost: the document was deleted, or taken over by another run.</summary>
    private sealed class LeaseLostException : Exception;

    private async Task IngestAsync(Taken taken, CancellationToken stoppingToken)
    {
        using var work = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var progress = new Progress();
        var heartbeat = HeartbeatAsync(taken, progress, work);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<DocChatDbContext>();
            var uploads = scope.ServiceProvider.GetRequiredService<IUploadStore>();
            await ReadAndIndexAsync(db, scope.ServiceProvider.GetRequiredService<IPassageIndex>(), uploads, taken, progress, work.Token);
            await uploads.RemoveAsync([taken.DocumentId], CancellationToken.None);
            logger.LogInformation("Indexed document {DocumentId} with {ChunkCount} passages for user {UserId}", taken.DocumentId, progress.PassagesIndexed ?? 0, taken.UserId);
        }
        catch (DocumentReadException exception)
        {
            await FailAsync(taken, exception.Message);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            await ReleaseAsync(taken);
        }
        catch (Exception exception) when (exception is LeaseLostException || (exception is OperationCanceledException && work.IsCancellationRequested))
        {
            logger.LogInformation("Stopped ingesting document {DocumentId}: it was deleted or taken over", taken.DocumentId);
        }
        catch (Exception exception)
        {
            // Whatever else went wrong, the document must not stay Processing (and be tried again
            // and again): it fails with a reason the user can act on; the log has the details.
            logger.LogError(exception, "Ingesting document {DocumentId} failed", taken.DocumentId);
            await FailAsync(taken, "Indexing failed on the server. Delete the document and upload it again.");
        }
        finally
        {
            await work.CancelAsync();
            await heartbeat;
            if (taken.SizeBytes >= LargeDocumentBytes)
            {
                Interlocked.Increment(ref largeDocumentsDone);
            }
        }
    }

    /// <summary>
    /// Reading a big document takes several times its size in memory for a moment (its text, its
    /// pages, its passages); the garbage collector keeps what it freed for later, so the process
    /// would stay that large. Once the last worker at work finds nothing more to do after a large
    /// document, the memory is handed back to the system (once for a batch of uploads, not after
    /// each). It is a full, compacting collection that stops every thread for 20-50 ms, so it
    /// waits for all the workers: run when one worker ran out while another was still storing a
    /// document, it held up that storing (and every request) once per batch of uploads, and the
    /// other worker then grew the memory again.
    /// </summary>
    private void ReturnMemoryWhenIdle()
    {
        if (Interlocked.Exchange(ref largeDocumentsDone, 0) > 0)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            logger.LogDebug("Returned memory after reading large documents");
        }
    }

    private async Task ReadAndIndexAsync(DocChatDbContext db, IPassageIndex index, IUploadStore uploads, Taken taken, Progress progress, CancellationToken cancellationToken)
    {
        if (await uploads.ReadAsync(taken.DocumentId, cancellationToken) is not { } content)
        {
            // Deleted meanwhile (then this throws that the lease is lost), or the bytes were lost:
            // a restore of the database without its uploads folder, say.
            await HoldAsync(db, taken, _ => { }, cancellationToken);
            throw new DocumentReadException($"{taken.FileName}: the uploaded file is no longer on the server, so it could not be read. Upload it again.");
        }

        var reader = readers.For(taken.FileName)
            ?? throw new DocumentReadException($"{taken.FileName}: this type of file is not supported.");
        var text = await ReadAsync(reader, content, taken.FileName, progress, cancellationToken);

        // The counts first, with anything a stopped earlier run stored taken away. The text is
        // stored in its passages (DocumentChunk.Separator keeps the white space between them).
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            await HoldAsync(db, taken, d => d
                .SetProperty(x => x.PageCount, text.PageCount)
                .SetProperty(x => x.UnreadablePages, text.UnreadablePages > 0 ? text.UnreadablePages : null)
                .SetProperty(x => x.OcrPages, text.OcrPages)
                .SetProperty(x => x.ChunkCount, text.Passages.Count)
                .SetProperty(x => x.PassagesIndexed, 0), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        // Passages an earlier run of a taken-over document left behind, a batch per transaction
        // (erasing a passage from the index is slow), each while this run still holds the document.
        await DeletedDocumentErasure.DeletePassagesAsync(db, taken.DocumentId, cancellationToken, () => HoldAsync(db, taken, _ => { }, cancellationToken));

        // One document stores at a time (StoringTurns); each batch's index text is prepared while
        // the batch before it is stored.
        var batches = text.Passages.Chunk(BatchSize).ToList();
        var next = batches.Count > 0 ? PrepareAsync(index, taken, batches[0]) : null;
        using var turn = await turns.TakeAsync(cancellationToken);
        var stored = 0;
        for (var i = 0; i < batches.Count; i++)
        {
            var passages = await next!;
            next = i + 1 < batches.Count ? PrepareAsync(index, taken, batches[i + 1]) : null;
            await turn.YieldIfOthersWaitAsync(cancellationToken);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await HoldAsync(db, taken, d => d.SetProperty(x => x.PassagesIndexed, stored), cancellationToken);
            await index.AddPassagesAsync(passages, cancellationToken);
            await IndexCjkBigramsAsync(index, taken.UserId, passages.Passages, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            stored += passages.Passages.Count;
            progress.Indexed(stored);
        }

        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            await HoldAsync(db, taken, d => d
                .SetProperty(x => x.Status, DocumentStatus.Ready)
                .SetProperty(x => x.PagesRead, (int?)null)
                .SetProperty(x => x.PassagesIndexed, (int?)null)
                .SetProperty(x => x.LeaseId, (Guid?)null)
                .SetProperty(x => x.LeaseExpiresUtc, (DateTime?)null), cancellationToken, renew: false);
            await transaction.CommitAsync(cancellationToken);
        }
    }

    /// <summary>A batch of passages with what the index stores for them (<see cref="IPassageIndex.Prepare"/>), built on another thread.</summary>
    private static Task<PassageBatch> PrepareAsync(IPassageIndex index, Taken taken, TextChunk[] batch) =>
        Task.Run(() => index.Prepare(taken.UserId, batch.Select(chunk => new DocumentChunk
        {
            DocumentId = taken.DocumentId,
            Ordinal = chunk.Ordinal,
            StartOffset = chunk.StartOffset,
            Length = chunk.Length,
            PageNumber = chunk.Page,
            Heading = chunk.Heading,
            Text = chunk.Text,
            Separator = chunk.Separator,
        }).ToList()));

    /// <summary>The bigram index rows of the passages with Chinese, Japanese or Korean text (<see cref="CjkGrams"/>).</summary>
    private static async Task IndexCjkBigramsAsync(IPassageIndex index, string userId, IEnumerable<DocumentChunk> chunks, CancellationToken cancellationToken)
    {
        foreach (var chunk in chunks)
        {
            await index.AddGramsOfAsync(chunk.Id, userId, chunk.Text, cancellationToken);
        }
    }

    private sealed record ReadText(IReadOnlyList<TextChunk> Passages, int? PageCount, int UnreadablePages, string? OcrPages);

    /// <summary>"1-3, 7" for pages 1, 2, 3 and 7; null for none.</summary>
    internal static string? PageRanges(IReadOnlyList<int> pages)
    {
        var ranges = new List<string>();
        for (var i = 0; i < pages.Count; i++)
        {
            var first = pages[i];
            while (i + 1 < pages.Count && pages[i + 1] == pages[i] + 1)
            {
                i++;
            }

            ranges.Add(first == pages[i] ? $"{first}" : $"{first}-{pages[i]}");
        }

        var text = string.Join(", ", ranges);
        return text.Length == 0 ? null : text.Length <= Document.OcrPagesMaxLength ? text : text[..(text.LastIndexOf(',', Document.OcrPagesMaxLength - 5) + 1)] + " ...";
    }

    /// <summary>Reads within <see cref="DocumentOptions.ReadTimeoutSeconds"/> and cuts the text into passages.</summary>
    private async Task<ReadText> ReadAsync(IDocumentReader reader, byte[] content, string fileName, Progress progress, CancellationToken cancellationToken)
    {
        // OCR (PDFs only) has a budget of its own on top of the time to read.
        var seconds = options.Value.ReadTimeoutSeconds + (reader is PdfReader && options.Value.OcrMaxPages > 0 ? options.Value.OcrTimeoutSeconds : 0);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(seconds));
        try
        {
            // Off the ingestion's own loop: the readers for text formats work synchronously.
            return await Task.Run(
                async () =>
                {
                    var extracted = ReadableText.Keep(await reader.ReadAsync(content, fileName, progress, timeout.Token), fileName);
                    return new ReadText(chunker.Split(extracted.Sections), extracted.PageCount, extracted.UnreadablePages, PageRanges(extracted.OcrPages));
                },
                timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Reading a document timed out after {TimeoutSeconds} s", seconds);
            throw DocumentReadException.TookTooLong(fileName, seconds);
        }
    }

    /// <summary>
    /// Updates the document only while this run holds it, renewing the lease; in a transaction this
    /// also locks the row first, so a deleted or taken-over document is never written to.
    /// </summary>
    private async Task HoldAsync(
        DocChatDbContext db,
        Taken taken,
        Action<UpdateSettersBuilder<Document>> update,
        CancellationToken cancellationToken,
        bool renew = true)
    {
        var expires = clock.GetUtcNow().UtcDateTime + Lease;
        var held = await db.Documents
            .Where(d => d.Id == taken.DocumentId && d.LeaseId == taken.LeaseId)
            .ExecuteUpdateAsync(
                d =>
                {
                    if (renew)
                    {
                        d.SetProperty(x => x.LeaseExpiresUtc, expires);
                    }

                    update(d);
                },
                cancellationToken);
        if (held == 0)
        {
            throw new LeaseLostException();
        }
    }

    /// <summary>Every second while the document is worked on: renews the lease and records progress.</summary>
    private async Task HeartbeatAsync(Taken taken, Progress progress, CancellationTokenSource work)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DocChatDbContext>();
        using var timer = new PeriodicTimer(Heartbeat, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(work.Token))
            {
                try
                {
                    await HoldAsync(db, taken, d => RecordProgress(d, progress), work.Token);
                }
                catch (Exception exception) when (exception is DbUpdateException or DbException)
                {
                    // A busy database: the next beat tries again, well within the lease.
                    logger.LogWarning(exception, "Renewing the lease of document {DocumentId} failed", taken.DocumentId);
                }
            }
        }
        catch (LeaseLostException)
        {
            await work.CancelAsync();
        }
        catch (OperationCanceledException)
        {
            // The work ended.
        }
    }

    private static void RecordProgress(UpdateSettersBuilder<Document> document, Progress progress)
    {
        document.SetProperty(x => x.PagesRead, progress.PagesRead);
        if (progress.PageCount is { } pageCount)
        {
            document.SetProperty(x => x.PageCount, pageCount);
        }

        if (progress.PassagesIndexed is { } passages)
        {
            document.SetProperty(x => x.PassagesIndexed, passages);
        }
    }

    /// <summary>Failed with the reason, with anything stored for it so far and its bytes removed.</summary>
    private async Task FailAsync(Taken taken, string reason)
    {
        logger.LogWarning("Document {DocumentId} of user {UserId} failed: {Reason}", taken.DocumentId, taken.UserId, reason);
        await EndAsync(taken, d => d
            .SetProperty(x => x.Status, DocumentStatus.Failed)
            .SetProperty(x => x.FailureReason, reason.Length > Document.FailureReasonMaxLength ? reason[..Document.FailureReasonMaxLength] : reason)
            .SetProperty(x => x.ChunkCount, 0), deleteUpload: true);
    }

    /// <summary>The app is stopping: back to Queued, to be taken up again at the next start.</summary>
    private async Task ReleaseAsync(Taken taken)
    {
        logger.LogInformation("Document {DocumentId} goes back to the queue: the app is stopping", taken.DocumentId);
        await EndAsync(taken, d => d
            .SetProperty(x => x.Status, DocumentStatus.Queued)
            .SetProperty(x => x.ChunkCount, 0), deleteUpload: false);
    }

    /// <summary>
    /// Ends this run's hold on the document. The status is recorded first, on its own; passages a
    /// run stored before failing are removed after it, so a broken index cannot keep the document
    /// from failing. Nothing here throws: the work is over either way.
    /// </summary>
    private async Task EndAsync(Taken taken, Action<UpdateSettersBuilder<Document>> update, bool deleteUpload)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<DocChatDbContext>();
            await using (var transaction = await db.Database.BeginTransactionAsync(CancellationToken.None))
            {
                await HoldAsync(
                    db,
                    taken,
                    d =>
                    {
                        update(d);
                        d.SetProperty(x => x.PagesRead, (int?)null)
                         .SetProperty(x => x.PassagesIndexed, (int?)null)
                         .SetProperty(x => x.LeaseId, (Guid?)null)
                         .SetProperty(x => x.LeaseExpiresUtc, (DateTime?)null);
                    },
                    CancellationToken.None,
                    renew: false);
                await transaction.CommitAsync(CancellationToken.None);
            }

            if (deleteUpload)
            {
                await scope.ServiceProvider.GetRequiredService<IUploadStore>().RemoveAsync([taken.DocumentId], CancellationToken.None);
            }

            await DeletedDocumentErasure.DeletePassagesAsync(db, taken.DocumentId, CancellationToken.None);
        }
        catch (LeaseLostException)
        {
            // Deleted or taken over meanwhile: nothing of this run to record.
        }
        catch (Exception exception)
        {
            logger.LogError(exception, "Recording the end of the ingestion of document {DocumentId} failed", taken.DocumentId);
        }
    }
}
