namespace DocChat.Web.Models.Documents;

public sealed record DocumentListItem(Guid Id, string FileName, long SizeBytes, DateTime UploadedUtc, int ChunkCount);

public sealed class DocumentsPageViewModel
{
    public required IReadOnlyList<DocumentListItem> Documents { get; init; }
    public required long MaxFileBytes { get; init; }
    public required int MaxFilesPerUpload { get; init; }
    public IReadOnlyList<string> Errors { get; init; } = [];
}
