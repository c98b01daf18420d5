using System.Text;

namespace DocChat.Web.Services.Documents;

/// <summary>Shared by the text formats (.txt, .md, .html): signature check and decoding.</summary>
public static partial class TextDecoding
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

    /// <summary>
    /// The file's text, line ends normalised to \n: by its byte-order mark; else as UTF-8 if it is
    /// valid UTF-8; else by the charset it declares (HTML &lt;meta charset&gt; or http-equiv, an XML
    /// declaration); else by the legacy code page whose reading looks most like real text. A file
    /// no reading makes sense of is refused.
    /// </summary>
    public static string Decode(byte[] content, string fileName = "The file")
    {
        var text = DecodeAny(content) ?? throw new DocumentReadException(
            $"{fileName} is refused: its text encoding could not be recognised. Save it as UTF-8 and upload it again.");
        return text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
    }

    /// <summary>The legacy code pages tried, in order of preference when two read equally well.</summary>
    private static readonly int[] LegacyCodePages = [1252, 1251, 866, 1256, 28596, 1250, 1253, 20866, 500];

    static TextDecoding() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private static string? DecodeAny(byte[] content)
    {
        ReadOnlySpan<byte> bytes = content;
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return Encoding.UTF8.GetString(bytes[3..]);
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            using var reader = new StreamReader(new MemoryStream(content), Encoding.Unicode, detectEncodingFromByteOrderMarks: true);
            return reader.ReadToEnd();
        }

        // Valid UTF-8 is UTF-8 whatever a declaration says (legacy text almost never forms valid
        // multi-byte sequences, and files saved as UTF-8 often keep an old declaration).
        if (TryDecode(new UTF8Encoding(false, throwOnInvalidBytes: true), content) is { } utf8)
        {
            return utf8;
        }

        if (DeclaredEncoding(bytes) is { } declared && TryDecode(declared, content) is { } asDeclared)
        {
            return asDeclared;
        }

        // Not UTF-8: the legacy reading that looks most like text (whole words of one script, in one case pattern).
        var best = LegacyCodePages
            .Select(page => Encoding.GetEncoding(page).GetString(content))
            .Select(text => (Text: text, Score: Plausibility(text)))
            .MaxBy(c => c.Score);
        return best.Score >= 0.6 ? best.Text : null;
    }

    private static string? TryDecode(Encoding encoding, byte[] content)
    {
        try
        {
            var strict = (Encoding)encoding.Clone();
            strict.DecoderFallback = DecoderFallback.ExceptionFallback;
            return strict.GetString(content);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    /// <summary>The charset an HTML or XML file declares in its first 16 KB (pages with a long script before their meta tag), if the name is one .NET knows.</summary>
    private static Encoding? DeclaredEncoding(ReadOnlySpan<byte> bytes)
    {
        var head = Encoding.Latin1.GetString(bytes[..Math.Min(bytes.Length, 16_384)]);
        var match = DeclaredCharset().Match(head);
        if (!match.Success)
        {
            return null;
        }

        try
        {
            return Encoding.GetEncoding(match.Groups["name"].Value.Trim());
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex(
        """(?:<meta[^>]*?charset\s*=\s*["']?|<\?xml[^>]*?encoding\s*=\s*["'])(?<name>[A-Za-z0-9_.:-]{2,40})""",
        System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex DeclaredCharset();

    /// <summary>
    /// How much a reading looks like real text, 0 to 1: the share of its words that are letters of
    /// one script in a normal case pattern (lower, upper, or capitalised), with Latin words mostly
    /// ASCII, less the share of characters no text has (control, box drawing, replacement).
    /// </summary>
    internal static double Plausibility(string text)
    {
        var sample = text.Length > 20_000 ? text[..20_000] : text;
        var odd = sample.Count(c => (char.IsControl(c) && c is not '\n' and not '\r' and not '\t')
                                    || c is >= '\u2500' and <= '\u259F' || c == '\uFFFD' || char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.PrivateUse);
        var words = 0;
        var good = 0;
        var latinLetters = 0;
        var accentedLatin = 0;
        foreach (var word in sample.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            var core = word.Trim('.', ',', ';', ':', '!', '?', '"', '\'', '(', ')', '[', ']', '-', '«', '»', '\u201C', '\u201D', '\u2019');
            if (core.Length == 0 || !core.Any(char.IsLetter))
            {
                continue;
            }

            words++;
            var scripts = core.Where(char.IsLetter).Select(Script).Distinct().Count();
            var letters = core.All(c => char.IsLetter(c) || c is '-' or '\'' or '\u2019' || char.IsDigit(c));
            var lowerAfterFirst = core.Skip(1).Where(char.IsLetter);
            var casing = lowerAfterFirst.All(char.IsLower) || core.Where(char.IsLetter).All(char.IsUpper) || !core.Any(char.IsUpper);
            if (scripts == 1 && letters && casing)
            {
                good++;
            }

            foreach (var c in core.Where(c => char.IsLetter(c) && Script(c) == 'L'))
            {
                latinLetters++;
                accentedLatin += c > '\u007F' ? 1 : 0;
            }
        }

        if (words == 0)
        {
            return 0;
        }

        // Latin text is mostly ASCII letters; Cyrillic or Arabic bytes read as windows-1252 are all accents.
        var accentPenalty = latinLetters > 0 && accentedLatin > 0.3 * latinLetters ? 0.5 : 0;
        return (double)good / words - 10.0 * odd / sample.Length - accentPenalty;
    }

    /// <summary>A letter's script, coarsely: Latin, Cyrillic, Greek, Arabic, Hebrew, or other.</summary>
    private static char Script(char c) => c switch
    {
        <= '\u024F' => 'L',
        >= '\u0370' and <= '\u03FF' => 'G',
        >= '\u0400' and <= '\u052F' => 'C',
        >= '\u0590' and <= '\u05FF' => 'H',
        >= '\u0600' and <= '\u06FF' => 'A',
        _ => 'O',
    };

    public static ExtractedDocument RequireText(ExtractedDocument document, string fileName) =>
        document.Sections.Any(s => !string.IsNullOrWhiteSpace(s.Text))
            ? document
            : throw DocumentReadException.NoText(fileName);
}
