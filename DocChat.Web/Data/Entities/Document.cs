namespace DocChat.Web.Data.Entities;

public sealed class Document
{
    public const int FileNameMaxLength = 255;

    public Guid Id { get; set; }
    public required string UserId { get; set; }
    public required string FileName { get; set; }
    public required string ContentType { get; set; }
    public long SizeBytes { get; set; }
    public DateTime UploadedUtc { get; set; }
    public int ChunkCount { get; set; }

    /// <summary>The extracted plain text; passages point into it by character offset.</summary>
    public required string Text { get; set; }

    public List<DocumentChunk> Chunks { get; } = [];
}
