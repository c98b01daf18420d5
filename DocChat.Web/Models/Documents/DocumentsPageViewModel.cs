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
    int ChunkCount);

public sealed class DocumentsPageViewModel
{
    public required IReadOnlyList<DocumentListItem> Documents { get; init; }
    public required long MaxFileBytes { get; init; }
    public required int MaxFilesPerUpload { get; init; }
    public required IReadOnlyCollection<string> Extensions { get; init; }
    public IReadOnlyList<string> Errors { get; init; } = [];
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
