using System.Text;
using System.Text.RegularExpressions;

namespace DocChat.Web.Services.Documents;

/// <summary>.md: the text as written, cut into sections at ATX headings (outside code fences).</summary>
public sealed partial class MarkdownReader : IDocumentReader
{
    [GeneratedRegex(@"^\s{0,3}#{1,6}\s+(?<title>.+?)\s*#*\s*$")]
    private static partial Regex Heading();

    public IReadOnlyCollection<string> Extensions { get; } = [".md", ".markdown"];

    public string ContentType => "text/markdown";

    public bool HasExpectedSignature(ReadOnlySpan<byte> content) => TextDecoding.LooksLikeText(content);

    public Task<ExtractedDocument> ReadAsync(byte[] content, string fileName, CancellationToken cancellationToken)
    {
        var sections = new List<TextSection>();
        var current = new StringBuilder();
        string? heading = null;
        var inFence = false;

        foreach (var line in TextDecoding.Decode(content).Split('\n'))
        {
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal) || line.TrimStart().StartsWith("~~~", StringComparison.Ordinal))
            {
                inFence = !inFence;
            }
            else if (!inFence && Heading().Match(line) is { Success: true } match)
            {
                sections.Add(new TextSection(current.ToString(), heading));
                current.Clear();
                heading = match.Groups["title"].Value;
            }

            current.Append(line).Append('\n');
        }

        sections.Add(new TextSection(current.ToString(), heading));
        var document = new ExtractedDocument(sections.Where(s => !string.IsNullOrWhiteSpace(s.Text)).ToList());
        return Task.FromResult(TextDecoding.RequireText(document, fileName));
    }
}
