namespace DocChat.Web.Data.Entities;

public enum DocumentStatus
{
    /// <summary>Stored with its uploaded bytes, waiting for the background ingestion.</summary>
    Queued,
    Processing,
    Ready,
    Failed,

    /// <summary>
    /// Deleted by its owner (or with their account): hidden everywhere at once, name and text
    /// already blanked; the background erasure removes its passages in short batches, then the row.
    /// </summary>
    Deleting,
}

public sealed class Document
{
    public const int FileNameMaxLength = 255;
    public const int FailureReasonMaxLength = 500;
    public const int OcrPagesMaxLength = 200;

    public Guid Id { get; set; }
    public required string UserId { get; set; }
    public required string FileName { get; set; }
    public required string ContentType { get; set; }
    public long SizeBytes { get; set; }
    public DateTime UploadedUtc { get; set; }
    public DocumentStatus Status { get; set; }
    public string? FailureReason { get; set; }

    /// <summary>Pages of a PDF; null for formats without pages.</summary>
    public int? PageCount { get; set; }

    public int ChunkCount { get; set; }

    /// <summary>Pages left out because their text is unreadable; null when none were.</summary>
    public int? UnreadablePages { get; set; }

    /// <summary>Pages recognised by OCR, as ranges ("1-3, 7"); null when none were.</summary>
    public string? OcrPages { get; set; }

    /// <summary>Hex SHA-256 of the uploaded bytes: the same file is recognised and not indexed twice.</summary>
    public required string Sha256 { get; set; }

    /// <summary>While Processing: pages of a PDF read so far (of <see cref="PageCount"/>, when known).</summary>
    public int? PagesRead { get; set; }

    /// <summary>While Processing: passages stored so far (of <see cref="ChunkCount"/>).</summary>
    public int? PassagesIndexed { get; set; }

    /// <summary>
    /// Which run of the ingestion holds the document while it is Processing, and until when: a run
    /// that stops renewing its lease (the process died) loses the document to the next run.
    /// </summary>
    public Guid? LeaseId { get; set; }

    public DateTime? LeaseExpiresUtc { get; set; }

    public List<DocumentChunk> Chunks { get; } = [];
}
