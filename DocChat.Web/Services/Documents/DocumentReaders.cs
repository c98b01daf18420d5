namespace DocChat.Web.Services.Documents;

/// <summary>The readers by file extension.</summary>
public sealed class DocumentReaders(IEnumerable<IDocumentReader> readers)
{
    private readonly Dictionary<string, IDocumentReader> byExtension = readers
        .SelectMany(r => r.Extensions.Select(e => (Extension: e, Reader: r)))
        .ToDictionary(x => x.Extension, x => x.Reader, StringComparer.OrdinalIgnoreCase);

    public IReadOnlyCollection<string> Extensions => byExtension.Keys;

    /// <summary>"a .txt, .md ... or .pdf file", for messages.</summary>
    public string Describe() => string.Join(", ", byExtension.Keys.Order(StringComparer.Ordinal));

    public IDocumentReader? For(string fileName) =>
        byExtension.GetValueOrDefault(Path.GetExtension(fileName));
}
