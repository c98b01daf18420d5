using System.Security.Cryptography;
using DocChat.Web.Data;
using DocChat.Web.Data.Entities;
using DocChat.Web.Models.Documents;
using DocChat.Web.Options;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DocChat.Web.Services.Documents;

public sealed record UploadResult(IReadOnlyList<string> Stored, IReadOnlyList<string> AlreadyUploaded, IReadOnlyList<string> Errors)
{
    /// <summary>Stored, but indexing failed on the server: listed as Failed with the reason.</summary>
    public IReadOnlyList<string> FailedToIndex { get; init; } = [];

    public bool Succeeded => Errors.Count == 0;
}

/// <summary>A user's documents: upload (check, read, split, index), list, open a passage, delete.</summary>
public sealed class DocumentService(
    DocChatDbContext db,
    DocumentReaders readers,
    TextChunker chunker,
    SqliteMaintenance maintenance,
    TimeProvider clock,
    IOptions<DocumentOptions> options,
    ILogger<DocumentService> logger)
{
    public async Task<IReadOnlyList<DocumentListItem>> ListAsync(string userId, CancellationToken cancellationToken) =>
        await db.Documents
            .AsNoTracking()
            .Where(d => d.UserId == userId)
            .OrderByDescending(d => d.UploadedUtc)
            .Select(d => new DocumentListItem(d.Id, d.FileName, d.SizeBytes, d.UploadedUtc, d.Status, d.FailureReason, d.PageCount, d.ChunkCount))
            .ToListAsync(cancellationToken);

    /// <summary>
    /// Every file is checked and read before anything is stored; one bad file refuses the whole
    /// upload, so nothing partial is left. Files already uploaded (same SHA-256) are skipped.
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
        var accepted = new List<(Document Document, ChunkedText Content)>();
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

        var added = await AddAsync(userId, accepted, duplicates, cancellationToken);
        if (added.Error is { } refused)
        {
            return Refused(refused);
        }

        var failed = new List<string>();
        foreach (var (document, content) in added.Documents)
        {
            if (!await IndexAsync(document, content, cancellationToken))
            {
                failed.Add(document.FileName);
            }
        }

        return new UploadResult(added.Documents.Select(a => a.Document.FileName).Except(failed).ToList(), duplicates, []) { FailedToIndex = failed };
    }

    private sealed record AddedDocuments(IReadOnlyList<(Document Document, ChunkedText Content)> Documents, string? Error = null);

    /// <summary>
    /// Stores the accepted documents (as Processing) in one write transaction that checks the
    /// quota and duplicates again: SQLite runs write transactions one at a time (BEGIN IMMEDIATE),
    /// so parallel uploads of one user cannot pass the quota together or store one file twice.
    /// Files that another upload stored meanwhile join <paramref name="duplicates"/>.
    /// </summary>
    private async Task<AddedDocuments> AddAsync(
        string userId, List<(Document Document, ChunkedText Content)> accepted, List<string> duplicates, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
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

    private sealed record CheckedFile(string? Error = null, string? Duplicate = null, (Document, ChunkedText)? Accepted = null);

    private async Task<CheckedFile> CheckAsync(
        string userId, IFormFile file, string name, List<(Document Document, ChunkedText Content)> earlier, CancellationToken cancellationToken)
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

        // Reading is bounded in time as well as in size and depth, and stops when the upload is abandoned.
        using var readTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        readTimeout.CancelAfter(TimeSpan.FromSeconds(limits.ReadTimeoutSeconds));
        try
        {
            var extracted = await reader.ReadAsync(bytes, name, readTimeout.Token);
            var content = chunker.Split(extracted.Sections);
            var document = new Document
            {
                Id = Guid.NewGuid(),
                UserId = userId,
                FileName = name,
                ContentType = reader.ContentType,
                SizeBytes = file.Length,
                UploadedUtc = clock.GetUtcNow().UtcDateTime,
                Status = DocumentStatus.Processing,
                PageCount = extracted.PageCount,
                Sha256 = sha256,
                Text = content.Text,
            };
            return new CheckedFile(Accepted: (document, content));
        }
        catch (DocumentReadException exception)
        {
            return new CheckedFile(Error: exception.Message);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Reading an upload of user {UserId} timed out after {TimeoutSeconds} s", userId, limits.ReadTimeoutSeconds);
            return new CheckedFile(Error: DocumentReadException.TookTooLong(name, limits.ReadTimeoutSeconds).Message);
        }
    }

    /// <summary>
    /// Stores the passages of a stored document (indexed by the FTS5 triggers) and marks it Ready in
    /// one transaction. If indexing fails the document stays, marked Failed with the reason.
    /// </summary>
    private async Task<bool> IndexAsync(Document document, ChunkedText content, CancellationToken cancellationToken)
    {
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            foreach (var chunk in content.Chunks)
            {
                document.Chunks.Add(new DocumentChunk
                {
                    Ordinal = chunk.Ordinal,
                    StartOffset = chunk.StartOffset,
                    Length = chunk.Length,
                    PageNumber = chunk.Page,
                    Heading = chunk.Heading,
                    Text = chunk.Text,
                });
            }

            document.ChunkCount = content.Chunks.Count;
            document.Status = DocumentStatus.Ready;
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            logger.LogInformation(
                "Indexed document {DocumentId} ({ContentType}) with {ChunkCount} passages for user {UserId}",
                document.Id, document.ContentType, document.ChunkCount, document.UserId);
            return true;
        }
        catch (Exception exception) when (exception is DbUpdateException or InvalidOperationException)
        {
            logger.LogError(exception, "Indexing document {DocumentId} failed", document.Id);
            db.ChangeTracker.Clear();
            await db.Documents.Where(d => d.Id == document.Id).ExecuteUpdateAsync(
                d => d.SetProperty(x => x.Status, DocumentStatus.Failed)
                      .SetProperty(x => x.ChunkCount, 0)
                      .SetProperty(x => x.FailureReason, "Indexing failed on the server. Delete the document and upload it again."),
                cancellationToken);
            return false;
        }
    }

    /// <summary>The passage with the document text around it, if the document is the user's.</summary>
    public async Task<PassageViewModel?> GetPassageAsync(string userId, Guid documentId, long chunkId, CancellationToken cancellationToken)
    {
        var passage = await db.DocumentChunks
            .AsNoTracking()
            .Where(c => c.Id == chunkId && c.DocumentId == documentId && c.Document!.UserId == userId)
            .Select(c => new { c.StartOffset, c.Length, c.PageNumber, c.Heading, c.Document!.FileName, c.Document.Text, c.Document.PageCount })
            .SingleOrDefaultAsync(cancellationToken);
        if (passage is null)
        {
            return null;
        }

        // Very long documents are shown around the passage, not whole.
        const int context = 20_000;
        var from = Math.Max(0, passage.StartOffset - context);
        var to = Math.Min(passage.Text.Length, passage.StartOffset + passage.Length + context);
        return new PassageViewModel(
            documentId,
            passage.FileName,
            passage.Text[from..passage.StartOffset],
            passage.Text.Substring(passage.StartOffset, passage.Length),
            passage.Text[(passage.StartOffset + passage.Length)..to],
            TruncatedBefore: from > 0,
            TruncatedAfter: to < passage.Text.Length,
            passage.PageNumber,
            passage.PageCount,
            passage.Heading);
    }

    /// <summary>Which of these documents still exist for the user (references to deleted ones say so).</summary>
    public async Task<IReadOnlySet<Guid>> ExistingAsync(string userId, IReadOnlyCollection<Guid> documentIds, CancellationToken cancellationToken) =>
        documentIds.Count == 0
            ? new HashSet<Guid>()
            : (await db.Documents.Where(d => d.UserId == userId && documentIds.Contains(d.Id)).Select(d => d.Id).ToListAsync(cancellationToken)).ToHashSet();

    /// <summary>Deletes the user's document with its passages; false when it is not theirs.</summary>
    public async Task<bool> DeleteAsync(string userId, Guid documentId, CancellationToken cancellationToken)
    {
        int deleted;
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            await db.DocumentChunks
                .Where(c => c.DocumentId == documentId && c.Document!.UserId == userId)
                .ExecuteDeleteAsync(cancellationToken);
            deleted = await db.Documents
                .Where(d => d.Id == documentId && d.UserId == userId)
                .ExecuteDeleteAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        if (deleted == 0)
        {
            return false;
        }

        await maintenance.TruncateWriteAheadLogAsync(cancellationToken);
        logger.LogInformation("Deleted document {DocumentId} of user {UserId}", documentId, userId);
        return true;
    }

    private static UploadResult Refused(string error) => new([], [], [error]);

    private static string DuplicateOf(string name, string existing) => name == existing ? name : $"{name} (same as {existing})";
}
