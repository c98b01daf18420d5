namespace DocChat.Web.Data.Entities;

/// <summary>A passage of a document: the unit that is indexed (FTS5), retrieved and cited.</summary>
public sealed class DocumentChunk
{
    public const int HeadingMaxLength = 300;

    public long Id { get; set; }
    public Guid DocumentId { get; set; }
    public int Ordinal { get; set; }
    public int StartOffset { get; set; }
    public int Length { get; set; }

    /// <summary>The PDF page the passage starts on; null for formats without pages.</summary>
    public int? PageNumber { get; set; }

    /// <summary>The nearest heading above the passage (DOCX, HTML, Markdown), if any.</summary>
    public string? Heading { get; set; }

    public required string Text { get; set; }

    public Document? Document { get; set; }
}
