namespace DocChat.Web.Services.Documents;

/// <summary>.txt: the whole file is one section.</summary>
public sealed class PlainTextReader : IDocumentReader
{
    public IReadOnlyCollection<string> Extensions { get; } = [".txt"];

    public string ContentType => "text/plain";

    public bool HasExpectedSignature(ReadOnlySpan<byte> content) => TextDecoding.LooksLikeText(content);

    public Task<ExtractedDocument> ReadAsync(byte[] content, string fileName, IProgress<PageProgress>? progress, CancellationToken cancellationToken) =>
        Task.FromResult(TextDecoding.RequireText(new ExtractedDocument([new TextSection(TextDecoding.Decode(content, fileName))]), fileName));
}
