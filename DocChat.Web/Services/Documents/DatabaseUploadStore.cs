using DocChat.Web.Data;
using DocChat.Web.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace DocChat.Web.Services.Documents;

/// <summary>Uploads as rows of <c>DocumentUploads</c>, saved with their documents (PostgreSQL; see <see cref="IUploadStore"/>).</summary>
public sealed class DatabaseUploadStore(DocChatDbContext db) : IUploadStore
{
    public Task StoreAsync(IReadOnlyList<DocumentUpload> uploads, CancellationToken cancellationToken) => Task.CompletedTask;

    public void AddTo(IReadOnlyList<DocumentUpload> uploads) => db.DocumentUploads.AddRange(uploads);

    public Task<byte[]?> ReadAsync(Guid documentId, CancellationToken cancellationToken) =>
        db.DocumentUploads.Where(u => u.DocumentId == documentId).Select(u => u.Content).SingleOrDefaultAsync(cancellationToken);

    public Task RemoveAsync(IReadOnlyCollection<Guid> documentIds, CancellationToken cancellationToken) =>
        db.DocumentUploads.Where(u => documentIds.Contains(u.DocumentId)).ExecuteDeleteAsync(cancellationToken);

    public Task RemoveStrayAsync(CancellationToken cancellationToken) =>
        db.DocumentUploads
            .Where(u => !db.Documents.IgnoreQueryFilters().Any(d => d.Id == u.DocumentId && (d.Status == DocumentStatus.Queued || d.Status == DocumentStatus.Processing)))
            .ExecuteDeleteAsync(cancellationToken);
}
