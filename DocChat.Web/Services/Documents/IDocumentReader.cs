namespace DocChat.Web.Services.Documents;

/// <summary>A run of a document's text with where it sits: under a heading, on a page.</summary>
public sealed record TextSection(string Text, string? Heading = null, int? Page = null);

/// <summary>What a reader got out of a file. <see cref="PageCount"/> is set for paged formats (PDF).</summary>
public sealed record ExtractedDocument(IReadOnlyList<TextSection> Sections, int? PageCount = null)
{
    /// <summary>Pages whose text (or some of it) was recognised by OCR.</summary>
    public IReadOnlyList<int> OcrPages { get; init; } = [];

    /// <summary>Pages left out because their text is unreadable (see <see cref="ReadableText"/>).</summary>
    public int UnreadablePages { get; init; }
}

/// <summary>How far a reader is through a paged document (pages read of <see cref="PageCount"/>, when known).</summary>
public readonly record struct PageProgress(int PagesRead, int? PageCount);

/// <summary>A file DocChat cannot use, with a message for the person who uploaded it.</summary>
public sealed class DocumentReadException(string message) : Exception(message)
{
    public static DocumentReadException TooDeeplyNested(string fileName, int maxDepth) =>
        new($"{fileName} is refused: its content is nested more than {maxDepth} levels deep, which no real document needs.");

    /// <summary>The file was read, and there is no text in it.</summary>
    public bool HasNoText { get; private init; }

    public static DocumentReadException NoText(string fileName) =>
        new($"{fileName} is empty: it has no text to search.") { HasNoText = true };

    public static DocumentReadException TookTooLong(string fileName, double seconds) =>
        new($"{fileName} took too long to read (over {seconds:0.###} seconds) and was refused.");
}

/// <summary>Turns the bytes of one file format into text sections.</summary>
public interface IDocumentReader
{
    /// <summary>File extensions this reader handles, lower case with the dot.</summary>
    IReadOnlyCollection<string> Extensions { get; }

    string ContentType { get; }

    /// <summary>Whether the leading bytes are what this format starts with (the extension is not trusted).</summary>
    bool HasExpectedSignature(ReadOnlySpan<byte> content);

    /// <summary>
    /// Cheap checks of the file's structure that bound every later step (zip limits, nesting
    /// depth), run in the upload request so a crafted file is refused at once with a message;
    /// <see cref="ReadAsync"/> makes them again. Formats without such structure check nothing.
    /// </summary>
    /// <exception cref="DocumentReadException">The file is refused.</exception>
    void CheckStructure(byte[] content, string fileName, CancellationToken cancellationToken)
    {
    }

    /// <summary>Reads the text (in the background ingestion); paged formats report pages read to <paramref name="progress"/>.</summary>
    /// <exception cref="DocumentReadException">The file is unreadable, protected, too big inside, or empty.</exception>
    Task<ExtractedDocument> ReadAsync(byte[] content, string fileName, IProgress<PageProgress>? progress, CancellationToken cancellationToken);
}
