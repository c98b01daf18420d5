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

    /// <summary>
    /// The white space between this passage and the next in the document's text (empty after the
    /// last). Every other character of the text is in a passage, so the passages with their
    /// separators are the document's text from its first passage on: the passage view shows the
    /// text around a citation from them, and the text is not stored a second time.
    /// </summary>
    public string Separator { get; set; } = "";

    public Document? Document { get; set; }
}
