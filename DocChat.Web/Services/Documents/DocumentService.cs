using DocChat.Web.Data;
using DocChat.Web.Data.Entities;
using DocChat.Web.Models.Documents;
using DocChat.Web.Options;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DocChat.Web.Services.Documents;

public sealed record UploadResult(IReadOnlyList<string> Stored, IReadOnlyList<string> Errors)
{
    public bool Succeeded => Errors.Count == 0;
}

/// <summary>A user's documents: upload (validate, extract, split, index), list, delete.</summary>
public sealed class DocumentService(
    DocChatDbContext db,
    PlainTextReader reader,
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
            .Select(d => new DocumentListItem(d.Id, d.FileName, d.SizeBytes, d.UploadedUtc, d.ChunkCount))
            .ToListAsync(cancellationToken);

    /// <summary>
    /// All or nothing: every file is checked and read first; only if all are good are they stored,
    /// in one transaction (the FTS5 index is filled by triggers in that same transaction).
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

        var errors = new List<string>();
        var documents = new List<Document>();
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var file in files)
        {
            var name = UploadedFileName.Clean(file.FileName);
            var extension = Path.GetExtension(name);
            if (!PlainTextReader.ContentTypes.TryGetValue(extension, out var contentType))
            {
                errors.Add($"{name}: only .txt and .md files can be uploaded.");
                continue;
            }

            if (file.Length > limits.MaxFileBytes)
            {
                errors.Add($"{name} is larger than the {FileSize.Format(limits.MaxFileBytes)} limit.");
                continue;
            }

            if (file.Length == 0)
            {
                errors.Add($"{name} is empty.");
                continue;
            }

            await using var stream = file.OpenReadStream();
            var read = await reader.ReadAsync(stream, name, cancellationToken);
            if (read.Text is not { } text)
            {
                errors.Add(read.Error!);
                continue;
            }

            documents.Add(ToDocument(userId, name, contentType, file.Length, text, now));
        }

        if (errors.Count > 0)
        {
            logger.LogWarning("Security: refused upload of {FileCount} files for user {UserId}: {ErrorCount} invalid", files.Count, userId, errors.Count);
            return new UploadResult([], errors);
        }

        db.Documents.AddRange(documents);
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation(
            "Stored {DocumentCount} documents with {ChunkCount} passages for user {UserId}",
            documents.Count, documents.Sum(d => d.ChunkCount), userId);
        return new UploadResult(documents.Select(d => d.FileName).ToList(), []);
    }

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

    private Document ToDocument(string userId, string name, string contentType, long size, string text, DateTime now)
    {
        var document = new Document
        {
            Id = Guid.NewGuid(),
            UserId = userId,
            FileName = name,
            ContentType = contentType,
            SizeBytes = size,
            UploadedUtc = now,
            Text = text,
        };

        foreach (var chunk in chunker.Split(text))
        {
            document.Chunks.Add(new DocumentChunk
            {
                Ordinal = chunk.Ordinal,
                StartOffset = chunk.StartOffset,
                Length = chunk.Length,
                Text = chunk.Text,
            });
        }

        document.ChunkCount = document.Chunks.Count;
        return document;
    }

    private static UploadResult Refused(string error) => new([], [error]);
}
