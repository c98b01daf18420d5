using DocChat.Web.Data.Entities;

namespace DocChat.Web.Services.Documents;

/// <summary>
/// Where an uploaded file's bytes wait while its document is Queued or Processing, until the
/// background ingestion has read them. On SQLite they are files under the data folder
/// (<see cref="FileUploadStore"/>), written and removed outside the database, whose one writer at
/// a time would otherwise hold every other user's write while a large file goes in and is zeroed
/// out again. On PostgreSQL, which writes side by side, they are rows (<see cref="DatabaseUploadStore"/>),
/// which every instance of a shared database can read.
/// </summary>
public interface IUploadStore
{
    /// <summary>Before the transaction that queues the documents: keeps their bytes where that needs no transaction (SQLite: durable files).</summary>
    Task StoreAsync(IReadOnlyList<DocumentUpload> uploads, CancellationToken cancellationToken);

    /// <summary>In the transaction that queues the documents: adds what it saves to the request's database context (PostgreSQL: the rows).</summary>
    void AddTo(IReadOnlyList<DocumentUpload> uploads);

    /// <summary>A queued document's bytes; null if they are not there.</summary>
    Task<byte[]?> ReadAsync(Guid documentId, CancellationToken cancellationToken);

    /// <summary>
    /// Once the documents no longer wait (the transaction that made them Ready, Failed or Deleting
    /// has committed, or the upload did not store them): removes their bytes.
    /// </summary>
    Task RemoveAsync(IReadOnlyCollection<Guid> documentIds, CancellationToken cancellationToken);

    /// <summary>
    /// At start-up: removes bytes whose document no longer waits, left by a process that stopped
    /// between the two (the documents' state is committed first, so it is never the other way round).
    /// </summary>
    Task RemoveStrayAsync(CancellationToken cancellationToken);
}
