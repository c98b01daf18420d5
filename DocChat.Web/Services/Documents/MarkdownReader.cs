using System.Text;

namespace DocChat.Web.Services.Documents;

/// <summary>.md: the text as written, cut into sections at ATX headings (outside code fences).</summary>
public sealed class MarkdownReader : IDocumentReader
{

    public IReadOnlyCollection<string> Extensions { get; } = [".md", ".markdown"];

    public string ContentType => "text/markdown";

    public bool HasExpectedSignature(ReadOnlySpan<byte> content) => TextDecoding.LooksLikeText(content);

    public Task<ExtractedDocument> ReadAsync(byte[] content, string fileName, IProgress<PageProgress>? progress, CancellationToken cancellationToken)
    {
        var sections = new List<TextSection>();
        var current = new StringBuilder();
        string? heading = null;
        var inFence = false;

        foreach (var line in TextDecoding.Decode(content, fileName).Split('\n'))
        {
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal) || line.TrimStart().StartsWith("~~~", StringComparison.Ordinal))
            {
                inFence = !inFence;
            }
            else if (!inFence && HeadingTitle(line) is { } title)
            {
                sections.Add(new TextSection(current.ToString(), heading));
                current.Clear();
                heading = title;
            }

            current.Append(line).Append('\n');
        }

        sections.Add(new TextSection(current.ToString(), heading));
        var document = new ExtractedDocument(sections.Where(s => !string.IsNullOrWhiteSpace(s.Text)).ToList());
        return Task.FromResult(TextDecoding.RequireText(document, fileName));
    }

    /// <summary>
    /// The title of an ATX heading line (up to three spaces, one to six <c>#</c>, a space, the
    /// title, optionally closed by <c>#</c>s after a space), or null. Scanned by hand in one pass:
    /// the regular expression it replaces backtracked in cubic time on a line of spaces.
    /// </summary>
    internal static string? HeadingTitle(string line)
    {
        var position = 0;
        while (position < 3 && position < line.Length && char.IsWhiteSpace(line[position]))
        {
            position++;
        }

        var hashes = 0;
        while (position < line.Length && line[position] == '#')
        {
            hashes++;
            position++;
        }

        if (hashes is < 1 or > 6 || position == line.Length || !char.IsWhiteSpace(line[position]))
        {
            return null;
        }

        var title = line.AsSpan(position).Trim();
        var closing = title.TrimEnd('#');
        if (closing.Length == 0 || char.IsWhiteSpace(closing[^1]))
        {
            title = closing.TrimEnd();
        }

        return title.Length > 0 ? title.ToString() : null;
    }
}
