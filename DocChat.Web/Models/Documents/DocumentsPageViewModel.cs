using DocChat.Web.Data.Entities;

namespace DocChat.Web.Models.Documents;

public sealed record DocumentListItem(
    Guid Id,
    string FileName,
    long SizeBytes,
    DateTime UploadedUtc,
    DocumentStatus Status,
    string? FailureReason,
    int? PageCount,
    int ChunkCount,
    int? PagesRead,
    int? PassagesIndexed,
    int? UnreadablePages,
    string? OcrPages)
{
    public bool InProgress => Status is DocumentStatus.Queued or DocumentStatus.Processing;

    /// <summary>Where the background ingestion is with the document, in words.</summary>
    public string? ProgressText => Status switch
    {
        DocumentStatus.Queued => "Waiting to be read",
        DocumentStatus.Processing when PassagesIndexed is { } stored => $"Indexing passages: {stored:N0} of {ChunkCount:N0}",
        DocumentStatus.Processing when PagesRead is { } pages && PageCount is { } total => $"Reading page {pages:N0} of {total:N0}",
        DocumentStatus.Processing when PagesRead is { } pages => $"Reading: {pages:N0} pages so far",
        DocumentStatus.Processing => "Reading",
        _ => null,
    };

    /// <summary>How much is done, 0-100: reading is the first half, storing passages the second.</summary>
    public int Percent => Status switch
    {
        DocumentStatus.Processing when PassagesIndexed is { } stored => 50 + (50 * stored / Math.Max(1, ChunkCount)),
        DocumentStatus.Processing when PagesRead is { } pages && PageCount is > 0 and var total => 50 * Math.Min(pages, total) / total,
        DocumentStatus.Ready or DocumentStatus.Failed => 100,
        _ => 0,
    };
}

public sealed class DocumentsPageViewModel
{
    public required IReadOnlyList<DocumentListItem> Documents { get; init; }
    public required long MaxFileBytes { get; init; }
    public required int MaxFilesPerUpload { get; init; }
    public required IReadOnlyCollection<string> Extensions { get; init; }
    public IReadOnlyList<string> Errors { get; init; } = [];

    public bool AnyInProgress => Documents.Any(d => d.InProgress);
}

/// <summary>A cited passage in its document: the text before it, the passage, the text after it.</summary>
public sealed record PassageViewModel(
    Guid DocumentId,
    string FileName,
    string Before,
    string Passage,
    string After,
    bool TruncatedBefore,
    bool TruncatedAfter,
    int? PageNumber,
    int? PageCount,
    string? Heading);
