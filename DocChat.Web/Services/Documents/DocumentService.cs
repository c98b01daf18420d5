using System.Security.Cryptography;
using DocChat.Web.Data;
using DocChat.Web.Data.Entities;
using DocChat.Web.Models.Documents;
using DocChat.Web.Options;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DocChat.Web.Services.Documents;

public sealed record UploadResult(IReadOnlyList<string> Queued, IReadOnlyList<string> AlreadyUploaded, IReadOnlyList<string> Errors)
{
    public bool Succeeded => Errors.Count == 0;
}

/// <summary>
/// A user's documents: upload (check and queue; <see cref="DocumentIngestion"/> reads and indexes
/// them in the background), list with progress, open a passage, delete.
/// </summary>
public sealed class DocumentService(
    DocChatDbContext db,
    IUploadStore uploads,
    DocumentReaders readers,
    DocumentIngestion ingestion,
    DeletedDocumentErasure erasure,
    TimeProvider clock,
    IOptions<DocumentOptions> options,
    ILogger<DocumentService> logger)
{
    public async Task<IReadOnlyList<DocumentListItem>> ListAsync(string userId, CancellationToken cancellationToken) =>
        await db.Documents
            .AsNoTracking()
            .Where(d => d.UserId == userId)
            .OrderByDescending(d => d.UploadedUtc)
            .Select(d => new DocumentListItem(d.Id, d.FileName, d.SizeBytes, d.UploadedUtc, d.Status, d.FailureReason, d.PageCount, d.ChunkCount, d.PagesRead, d.PassagesIndexed, d.UnreadablePages, d.OcrPages))
            .ToListAsync(cancellationToken);

    /// <summary>
    /// Every file is checked (type, size, signature, structure) before anything is stored; one bad
    /// file refuses the whole upload, so nothing partial is left. Files already uploaded (same
    /// SHA-256) are skipped. The rest are stored Queued with their bytes and the request returns:
    /// reading and indexing happen in the background.
    /// </summary>
    public async Task<UploadResult> UploadAsync(string userId, IReadOnlyList<IFormFile> files, CancellationToken cancellationToken)
    {
        var limits = options.Value;
        if (files.Count == 0)
        {
            return Refused("Choose at least one file to upload.");
        }

        if (files.Count > limits.MaxFilesPerUpload)
        {
            return Refused($"Upload at most {limits.MaxFilesPerUpload} files at a time.");
        }

        // A first, cheap quota check before any file is read; AddAsync checks again where it counts.
        if (await OverQuotaAsync(userId, files.Sum(f => f.Length), cancellationToken) is { } overQuota)
        {
            return Refused(overQuota);
        }

        var errors = new List<string>();
        var duplicates = new List<string>();
        var accepted = new List<(Document Document, DocumentUpload Upload)>();
        foreach (var file in files)
        {
            var name = UploadedFileName.Clean(file.FileName);
            var checkedFile = await CheckAsync(userId, file, name, accepted, cancellationToken);
            switch (checkedFile)
            {
                case { Error: { } error }:
                    errors.Add(error);
                    break;
                case { Duplicate: { } duplicate }:
                    duplicates.Add(duplicate);
                    break;
                case { Accepted: { } document }:
                    accepted.Add(document);
                    break;
            }
        }

        if (errors.Count > 0)
        {
            logger.LogWarning("Security: refused upload of {FileCount} files for user {UserId}: {ErrorCount} invalid", files.Count, userId, errors.Count);
            return new UploadResult([], duplicates, errors);
        }

        // The bytes are stored before the transaction that queues the documents, and removed
        // again for any document it did not queue (a duplicate after all, over the quota, a failure).
        AddedDocuments? added = null;
        try
        {
            await uploads.StoreAsync(accepted.Select(a => a.Upload).ToList(), cancellationToken);
            added = await AddAsync(userId, accepted, duplicates, cancellationToken);
        }
        finally
        {
            var queued = added?.Documents.Select(a => a.Document.Id).ToHashSet() ?? [];
            if (accepted.Select(a => a.Document.Id).Where(id => !queued.Contains(id)).ToList() is { Count: > 0 } notQueued)
            {
                await uploads.RemoveAsync(notQueued, CancellationToken.None);
            }
        }

        if (added.Error is { } refused)
        {
            return Refused(refused);
        }

        if (added.Documents.Count > 0)
        {
            ingestion.Notify();
        }

        return new UploadResult(added.Documents.Select(a => a.Document.FileName).ToList(), duplicates, []);
    }

    private sealed record AddedDocuments(IReadOnlyList<(Document Document, DocumentUpload Upload)> Documents, string? Error = null);

    /// <summary>
    /// Stores the accepted documents (Queued, with their bytes) in one write transaction that checks the
    /// quota and duplicates again, one such transaction per user at a time (<see cref="WriteLocks"/>),
    /// so parallel uploads of one user cannot pass the quota together or store one file twice.
    /// Files that another upload stored meanwhile join <paramref name="duplicates"/>.
    /// </summary>
    private async Task<AddedDocuments> AddAsync(
        string userId, List<(Document Document, DocumentUpload Upload)> accepted, List<string> duplicates, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await WriteLocks.TakeForUserAsync(db, userId, cancellationToken);
        var hashes = accepted.Select(a => a.Document.Sha256).ToList();
        var stored = await db.Documents
            .Where(d => d.UserId == userId && hashes.Contains(d.Sha256))
            .Select(d => new { d.Sha256, d.FileName })
            .ToDictionaryAsync(d => d.Sha256, d => d.FileName, cancellationToken);
        duplicates.AddRange(accepted
            .Where(a => stored.ContainsKey(a.Document.Sha256))
            .Select(a => DuplicateOf(a.Document.FileName, stored[a.Document.Sha256])));
        var fresh = accepted.Where(a => !stored.ContainsKey(a.Document.Sha256)).ToList();

        if (await OverQuotaAsync(userId, fresh.Sum(a => a.Document.SizeBytes), cancellationToken) is { } overQuota)
        {
            return new AddedDocuments([], overQuota);
        }

        db.Documents.AddRange(fresh.Select(a => a.Document));
        uploads.AddTo(fresh.Select(a => a.Upload).ToList());
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new AddedDocuments(fresh);
    }

    private async Task<string?> OverQuotaAsync(string userId, long adding, CancellationToken cancellationToken)
    {
        var quota = options.Value.MaxStorageBytesPerUser;
        var used = await db.Documents.Where(d => d.UserId == userId).SumAsync(d => d.SizeBytes, cancellationToken);
        if (used + adding <= quota)
        {
            return null;
        }

        logger.LogWarning("Security: refused upload for user {UserId}: storage quota", userId);
        return $"These files would take your documents past your {FileSize.Format(quota)} storage limit "
            + $"(you use {FileSize.Format(used)}). Delete documents you no longer need, then upload again.";
    }

    private sealed record CheckedFile(string? Error = null, string? Duplicate = null, (Document, DocumentUpload)? Accepted = null);

    private async Task<CheckedFile> CheckAsync(
        string userId, IFormFile file, string name, List<(Document Document, DocumentUpload Upload)> earlier, CancellationToken cancellationToken)
    {
        var limits = options.Value;
        if (readers.For(name) is not { } reader)
        {
            return new CheckedFile(Error: $"{name}: this type of file is not supported. Upload {readers.Describe()} files.");
        }

        if (file.Length > limits.MaxFileBytes)
        {
            return new CheckedFile(Error: $"{name} is larger than the {FileSize.Format(limits.MaxFileBytes)} limit.");
        }

        if (file.Length == 0)
        {
            return new CheckedFile(Error: $"{name} is empty.");
        }

        var bytes = new byte[file.Length];
        await using (var stream = file.OpenReadStream())
        {
            await stream.ReadExactlyAsync(bytes, cancellationToken);
        }

        if (!reader.HasExpectedSignature(bytes))
        {
            return new CheckedFile(Error: $"{name} does not contain what its extension says ({Path.GetExtension(name)}).");
        }

        var sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var existing = earlier.FirstOrDefault(a => a.Document.Sha256 == sha256).Document?.FileName
            ?? await db.Documents.Where(d => d.UserId == userId && d.Sha256 == sha256).Select(d => d.FileName).FirstOrDefaultAsync(cancellationToken);
        if (existing is not null)
        {
            return new CheckedFile(Duplicate: DuplicateOf(name, existing));
        }

        // The structure check is bounded in time as well as in size and depth, and stops when the
        // upload is abandoned.
        using var checkTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var limit = TimeSpan.FromSeconds(limits.ReadTimeoutSeconds);
        checkTimeout.CancelAfter(limit);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            reader.CheckStructure(bytes, name, checkTimeout.Token);

            // The timer may fire late (its resolution is coarser than a short limit): the clock decides.
            if (System.Diagnostics.Stopwatch.GetElapsedTime(started) > limit)
            {
                throw new OperationCanceledException();
            }
        }
        catch (DocumentReadException exception)
        {
            return new CheckedFile(Error: exception.Message);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Checking an upload of user {UserId} timed out after {TimeoutSeconds} s", userId, limits.ReadTimeoutSeconds);
            return new CheckedFile(Error: DocumentReadException.TookTooLong(name, limits.ReadTimeoutSeconds).Message);
        }

        var document = new Document
        {
            Id = Guid.NewGuid(),
            UserId = userId,
            FileName = name,
            ContentType = reader.ContentType,
            SizeBytes = file.Length,
            UploadedUtc = clock.GetUtcNow().UtcDateTime,
            Status = DocumentStatus.Queued,
            Sha256 = sha256,
        };
        return new CheckedFile(Accepted: (document, new DocumentUpload { DocumentId = document.Id, Content = bytes }));
    }

    /// <summary>Characters of the document's text shown on each side of a cited passage.</summary>
    internal const int PassageContext = 20_000;

    /// <summary>
    /// The passage with the document's text around it (up to <see cref="PassageContext"/> characters
    /// each side), if the document is the user's. The text around it is its neighbours with their
    /// separators (<see cref="DocumentChunk.Separator"/>), read in order from the (document, ordinal)
    /// index until there is enough, so a citation in a long document reads a few passages, not all.
    /// </summary>
    public async Task<PassageViewModel?> GetPassageAsync(string userId, Guid documentId, long chunkId, CancellationToken cancellationToken)
    {
        var passage = await db.DocumentChunks
            .AsNoTracking()
            .Where(c => c.Id == chunkId && c.DocumentId == documentId && c.Document!.UserId == userId)
            .Select(c => new { c.Ordinal, c.Text, c.Separator, c.PageNumber, c.Heading, c.Document!.FileName, c.Document.PageCount })
            .SingleOrDefaultAsync(cancellationToken);
        if (passage is null)
        {
            return null;
        }

        var (before, truncatedBefore) = await NeighboursAsync(
            db.DocumentChunks.Where(c => c.DocumentId == documentId && c.Ordinal < passage.Ordinal).OrderByDescending(c => c.Ordinal), cancellationToken);
        var (after, truncatedAfter) = await NeighboursAsync(
            db.DocumentChunks.Where(c => c.DocumentId == documentId && c.Ordinal > passage.Ordinal).OrderBy(c => c.Ordinal), cancellationToken);
        before.Reverse();
        var beforeText = string.Concat(before);
        var afterText = passage.Separator + string.Concat(after);
        return new PassageViewModel(
            documentId,
            passage.FileName,
            beforeText[Math.Max(0, beforeText.Length - PassageContext)..],
            passage.Text,
            afterText[..Math.Min(afterText.Length, PassageContext)],
            TruncatedBefore: truncatedBefore || beforeText.Length > PassageContext,
            TruncatedAfter: truncatedAfter || afterText.Length > PassageContext,
            passage.PageNumber,
            passage.PageCount,
            passage.Heading);
    }

    /// <summary>Passages with their separators, in the order given, until they hold <see cref="PassageContext"/> characters; and whether more follow.</summary>
    private static async Task<(List<string> Texts, bool More)> NeighboursAsync(IQueryable<DocumentChunk> passages, CancellationToken cancellationToken)
    {
        var texts = new List<string>();
        var length = 0;
        await foreach (var text in passages.Select(c => c.Text + c.Separator).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            if (length >= PassageContext)
            {
                return (texts, true);
            }

            texts.Add(text);
            length += text.Length;
        }

        return (texts, false);
    }

    /// <summary>Which of these documents still exist for the user (references to deleted ones say so).</summary>
    public async Task<IReadOnlySet<Guid>> ExistingAsync(string userId, IReadOnlyCollection<Guid> documentIds, CancellationToken cancellationToken) =>
        documentIds.Count == 0
            ? new HashSet<Guid>()
            : (await db.Documents.Where(d => d.UserId == userId && documentIds.Contains(d.Id)).Select(d => d.Id).ToListAsync(cancellationToken)).ToHashSet();

    /// <summary>
    /// Deletes one of the user's documents: at once it is hidden everywhere, and its name, uploaded
    /// bytes and place in sessions' scopes are gone; its passages, which hold its text, follow in the
    /// background (<see cref="DeletedDocumentErasure"/>), a few hundred per transaction. False if it
    /// is not theirs.
    /// </summary>
    public async Task<bool> DeleteAsync(string userId, Guid documentId, CancellationToken cancellationToken)
    {
        var deleted = await MarkDeletingAsync(db, uploads, db.Documents.Where(d => d.Id == documentId && d.UserId == userId), cancellationToken);
        if (deleted == 0)
        {
            return false;
        }

        erasure.Notify();
        logger.LogInformation("Deleted document {DocumentId} of user {UserId}", documentId, userId);
        return true;
    }

    /// <summary>Marks documents Deleting and blanks what identifies them, in one transaction, then removes their uploaded bytes. Returns how many.</summary>
    internal static async Task<int> MarkDeletingAsync(DocChatDbContext db, IUploadStore uploads, IQueryable<Document> documents, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var ids = await documents.Select(d => d.Id).ToListAsync(cancellationToken);
        if (ids.Count == 0)
        {
            return 0;
        }

        await db.SessionDocuments.Where(s => ids.Contains(s.DocumentId)).ExecuteDeleteAsync(cancellationToken);

        // The lease goes too: an ingestion still reading it loses its hold and stops. The hash
        // becomes unique to the row, so the same file can be uploaded again at once.
        foreach (var id in ids)
        {
            await db.Documents.Where(d => d.Id == id).ExecuteUpdateAsync(
                d => d.SetProperty(x => x.Status, DocumentStatus.Deleting)
                    .SetProperty(x => x.FileName, "")
                    .SetProperty(x => x.Sha256, $"deleted-{id:N}")
                    .SetProperty(x => x.SizeBytes, 0)
                    .SetProperty(x => x.FailureReason, (string?)null)
                    .SetProperty(x => x.LeaseId, (Guid?)null)
                    .SetProperty(x => x.LeaseExpiresUtc, (DateTime?)null),
                cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        await uploads.RemoveAsync(ids, CancellationToken.None);
        return ids.Count;
    }

    private static UploadResult Refused(string error) => new([], [], [error]);

    private static string DuplicateOf(string name, string existing) => name == existing ? name : $"{name} (same as {existing})";
}
