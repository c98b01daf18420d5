namespace DocChat.Web.Data.Entities;

/// <summary>
/// The uploaded bytes of a document until the background ingestion has read them, on PostgreSQL,
/// where every instance of a shared database can read them; deleted as soon as the document is
/// Ready or Failed. SQLite installations keep them as files instead (<see cref="Services.Documents.IUploadStore"/>).
/// </summary>
public sealed class DocumentUpload
{
    public Guid DocumentId { get; set; }

    public required byte[] Content { get; set; }
}
