using System.Text;

namespace DocChat.Web.Services.Documents;

public sealed record ReadResult(string? Text, string? Error)
{
    public static ReadResult Ok(string text) => new(text, null);
    public static ReadResult Fail(string error) => new(null, error);
}

/// <summary>Reads .txt and .md uploads as text (UTF-8 unless a byte-order mark says otherwise).</summary>
public sealed class PlainTextReader
{
    public static readonly IReadOnlyDictionary<string, string> ContentTypes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        [".txt"] = "text/plain",
        [".md"] = "text/markdown",
    };

    public async Task<ReadResult> ReadAsync(Stream content, string fileName, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await content.CopyToAsync(buffer, cancellationToken);
        var bytes = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);

        // A NUL byte does not occur in UTF-8 text; it does in binaries renamed to .txt (and in UTF-16,
        // which carries a byte-order mark and is handled below).
        var hasBom = bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]);
        if (!hasBom && bytes.Contains((byte)0))
        {
            return ReadResult.Fail($"{fileName} does not look like a text file.");
        }

        buffer.Position = 0;
        using var reader = new StreamReader(buffer, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true);
        var text = (await reader.ReadToEndAsync(cancellationToken)).Replace("\r\n", "\n", StringComparison.Ordinal);

        return string.IsNullOrWhiteSpace(text)
            ? ReadResult.Fail($"{fileName} is empty.")
            : ReadResult.Ok(text);
    }
}
