namespace DocChat.Web.Data.Entities;

/// <summary>A passage of a document: the unit that is indexed (FTS5), retrieved and cited.</summary>
public sealed class DocumentChunk
{
    public long Id { get; set; }
    public Guid DocumentId { get; set; }
    public int Ordinal { get; set; }
    public int StartOffset { get; set; }
    public int Length { get; set; }
    public required string Text { get; set; }

    public Document? Document { get; set; }
}
