using System.Text;

namespace DocChat.Web.Services.Documents;

/// <summary>Shared by the text formats (.txt, .md, .html): signature check and decoding.</summary>
public static class TextDecoding
{
    private static readonly byte[][] BinarySignatures =
    [
        "%PDF-"u8.ToArray(),
        [0x50, 0x4B, 0x03, 0x04], // zip (docx, xlsx ...)
        [0x7F, 0x45, 0x4C, 0x46], // ELF
        [0x4D, 0x5A],             // Windows executable
        [0x89, 0x50, 0x4E, 0x47], // PNG
        [0xFF, 0xD8, 0xFF],       // JPEG
        [0x47, 0x49, 0x46, 0x38], // GIF
    ];

    /// <summary>
    /// Text has no NUL bytes (UTF-16 is recognised by its byte-order mark) and does not start like
    /// a known binary format.
    /// </summary>
    public static bool LooksLikeText(ReadOnlySpan<byte> content)
    {
        if (content.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || content.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return true;
        }

        foreach (var signature in BinarySignatures)
        {
            if (content.StartsWith(signature))
            {
                return false;
            }
        }

        return !content.Contains((byte)0);
    }

    /// <summary>UTF-8 unless a byte-order mark says otherwise; line ends normalised to \n.</summary>
    public static string Decode(byte[] content)
    {
        using var reader = new StreamReader(new MemoryStream(content), new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true);
        return reader.ReadToEnd().Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
    }

    public static ExtractedDocument RequireText(ExtractedDocument document, string fileName) =>
        document.Sections.Any(s => !string.IsNullOrWhiteSpace(s.Text))
            ? document
            : throw new DocumentReadException($"{fileName} is empty: it has no text to search.");
}
