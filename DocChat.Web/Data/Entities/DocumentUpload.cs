namespace DocChat.Web.Data.Entities;

/// <summary>
/// The uploaded bytes of a document until the background ingestion has read them: kept in the
/// database (not a file) so queued work survives a restart with nothing else to back up, and
/// deleted as soon as the document is Ready or Failed.
/// </summary>
public sealed class DocumentUpload
{
    public Guid DocumentId { get; set; }

    public required byte[] Content { get; set; }
}
