using System.Runtime.InteropServices;
using DocChat.Web.Data;
using DocChat.Web.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace DocChat.Web.Services.Documents;

/// <summary>
/// Uploads as files in the data folder's <c>uploads</c> folder, one per queued document, named by
/// its id (SQLite; see <see cref="IUploadStore"/>). A file is written and flushed to the disk, with
/// the folder's entry for it, before the transaction that queues its document, so a document that
/// is Queued always has its file, even after a power cut. A file without a waiting document (the
/// process stopped after writing it and before queuing it, or after the document was read and
/// before its file was removed) is removed at the next start.
/// </summary>
public sealed class FileUploadStore(DocChatDbContext db, DataDirectory data, ILogger<FileUploadStore> logger) : IUploadStore
{
    /// <summary>A file this old without a waiting document is a stray; an upload writes its files moments before it queues them.</summary>
    private static readonly TimeSpan StrayAfter = TimeSpan.FromMinutes(10);

    private string Folder => Path.Combine(data.Path, "uploads");

    private string PathOf(Guid documentId) => Path.Combine(Folder, documentId.ToString("N"));

    /// <exception cref="UploadsUnavailableException">The files cannot be written (a full or read-only disk).</exception>
    public async Task StoreAsync(IReadOnlyList<DocumentUpload> uploads, CancellationToken cancellationToken)
    {
        try
        {
            Directory.CreateDirectory(Folder);
            foreach (var upload in uploads)
            {
                await using var file = new FileStream(PathOf(upload.DocumentId), FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0, useAsync: true);
                await file.WriteAsync(upload.Content, cancellationToken);
                file.Flush(flushToDisk: true);
            }

            if (uploads.Count > 0)
            {
                SyncDirectory(Folder);
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new UploadsUnavailableException($"Uploaded files cannot be written to {Folder}: {exception.Message}", exception);
        }
    }

    public void AddTo(IReadOnlyList<DocumentUpload> uploads)
    {
        // The files are there already.
    }

    public async Task<byte[]?> ReadAsync(Guid documentId, CancellationToken cancellationToken)
    {
        try
        {
            return await File.ReadAllBytesAsync(PathOf(documentId), cancellationToken);
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    public Task RemoveAsync(IReadOnlyCollection<Guid> documentIds, CancellationToken cancellationToken)
    {
        foreach (var id in documentIds)
        {
            try
            {
                File.Delete(PathOf(id));
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                // Its document no longer waits, so the next start removes it.
                logger.LogWarning(exception, "Could not remove the uploaded file of document {DocumentId}", id);
            }
        }

        return Task.CompletedTask;
    }

    public async Task RemoveStrayAsync(CancellationToken cancellationToken)
    {
        // Uploads an earlier version kept in the database move to files, for the ingestion to find them there.
        foreach (var id in await db.DocumentUploads.Select(u => u.DocumentId).ToListAsync(cancellationToken))
        {
            var content = await db.DocumentUploads.Where(u => u.DocumentId == id).Select(u => u.Content).SingleAsync(cancellationToken);
            File.Delete(PathOf(id));
            await StoreAsync([new DocumentUpload { DocumentId = id, Content = content }], cancellationToken);
            await db.DocumentUploads.Where(u => u.DocumentId == id).ExecuteDeleteAsync(cancellationToken);
        }

        if (!Directory.Exists(Folder))
        {
            return;
        }

        var waiting = (await db.Documents.IgnoreQueryFilters()
            .Where(d => d.Status == DocumentStatus.Queued || d.Status == DocumentStatus.Processing)
            .Select(d => d.Id)
            .ToListAsync(cancellationToken)).ToHashSet();

        var strays = new DirectoryInfo(Folder).EnumerateFiles()
            .Where(f => !(Guid.TryParseExact(f.Name, "N", out var id) && waiting.Contains(id)) && f.LastWriteTimeUtc < DateTime.UtcNow - StrayAfter)
            .ToList();
        foreach (var stray in strays)
        {
            stray.Delete();
        }

        if (strays.Count > 0)
        {
            logger.LogInformation("Removed {FileCount} uploaded files whose documents no longer wait to be read", strays.Count);
        }
    }

    /// <summary>fsync of the folder, which makes a new file's name as durable as its content (Linux; elsewhere .NET has no way to ask).</summary>
    private static void SyncDirectory(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var descriptor = Open(path, 0 /* O_RDONLY */);
        if (descriptor < 0)
        {
            throw new IOException($"Could not open {path} to flush it to the disk (errno {Marshal.GetLastPInvokeError()}).");
        }

        try
        {
            if (Fsync(descriptor) != 0)
            {
                throw new IOException($"Could not flush {path} to the disk (errno {Marshal.GetLastPInvokeError()}).");
            }
        }
        finally
        {
            _ = Close(descriptor);
        }
    }

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static extern int Fsync(int descriptor);

    [DllImport("libc", EntryPoint = "close")]
    private static extern int Close(int descriptor);
}

/// <summary>The uploads folder cannot be written (a full or read-only disk); answered as the database's faults are (<see cref="Infrastructure.DatabaseUnavailableHandler"/>).</summary>
public sealed class UploadsUnavailableException(string message, Exception inner) : IOException(message, inner);
