using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using DocChat.Web.Options;
using Microsoft.Extensions.Options;

namespace DocChat.Web.Services.Documents;

/// <summary>.html/.htm: the visible text only, cut into sections at h1-h6. Scripts, styles and the like are dropped.</summary>
public sealed class HtmlReader(IOptions<DocumentOptions> options) : IDocumentReader
{
    private static readonly HashSet<string> Invisible = new(StringComparer.OrdinalIgnoreCase)
    {
        "script", "style", "noscript", "template", "head", "svg", "math", "iframe", "object", "embed", "canvas", "button", "select", "textarea",
    };

    private static readonly HashSet<string> Blocks = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "div", "section", "article", "main", "header", "footer", "nav", "aside", "blockquote", "pre", "ul", "ol", "li",
        "table", "tr", "dl", "dt", "dd", "figure", "figcaption", "caption", "address", "hr", "form", "fieldset",
    };

    public IReadOnlyCollection<string> Extensions { get; } = [".html", ".htm"];

    public string ContentType => "text/html";

    public bool HasExpectedSignature(ReadOnlySpan<byte> content) => TextDecoding.LooksLikeText(content);

    public async Task<ExtractedDocument> ReadAsync(byte[] content, string fileName, IProgress<PageProgress>? progress, CancellationToken cancellationToken)
    {
        var html = TextDecoding.Decode(content, fileName);
        CheckNesting(html, fileName, cancellationToken);

        // The parser's own depth limit backs up the scan: the walker below recurses once per level.
        var maxDepth = options.Value.MaxNestingDepth;
        var parser = new HtmlParser(new HtmlParserOptions { MaximumDepth = maxDepth + 16 });
        var document = await parser.ParseDocumentAsync(html, cancellationToken);
        var walker = new Walker(cancellationToken);
        walker.Visit(document.Body ?? (INode)document.DocumentElement);
        return TextDecoding.RequireText(new ExtractedDocument(walker.Finish()), fileName);
    }

    public void CheckStructure(byte[] content, string fileName, CancellationToken cancellationToken) =>
        CheckNesting(TextDecoding.Decode(content, fileName), fileName, cancellationToken);

    private void CheckNesting(string html, string fileName, CancellationToken cancellationToken)
    {
        var maxDepth = options.Value.MaxNestingDepth;
        if (HtmlNesting.IsDeeperThan(html, maxDepth, cancellationToken))
        {
            throw DocumentReadException.TooDeeplyNested(fileName, maxDepth);
        }
    }

    private sealed class Walker(CancellationToken cancellationToken)
    {
        private readonly List<TextSection> sections = [];
        private readonly StringBuilder text = new();
        private string? heading;

        public void Visit(INode node)
        {
            cancellationToken.ThrowIfCancellationRequested();
            switch (node)
            {
                case IText textNode:
                    AppendCollapsed(textNode.Data);
                    break;
                case IElement element when Invisible.Contains(element.LocalName) || element.HasAttribute("hidden"):
                    break;
                case IElement element when element.LocalName is "h1" or "h2" or "h3" or "h4" or "h5" or "h6":
                    StartSection(Collapse(element.TextContent));
                    text.Append(heading).Append("\n\n");
                    break;
                case IElement { LocalName: "br" }:
                    text.Append('\n');
                    break;
                case IElement { LocalName: "pre" } element:
                    text.Append("\n\n").Append(element.TextContent.Trim('\n')).Append("\n\n");
                    break;
                case IElement element:
                    var block = Blocks.Contains(element.LocalName);
                    var cell = element.LocalName is "td" or "th";
                    if (block)
                    {
                        text.Append(element.LocalName is "li" ? "\n- " : "\n\n");
                    }

                    foreach (var child in element.ChildNodes)
                    {
                        Visit(child);
                    }

                    text.Append(block ? "\n" : cell ? " | " : "");
                    break;
                default:
                    foreach (var child in node.ChildNodes)
                    {
                        Visit(child);
                    }

                    break;
            }
        }

        public List<TextSection> Finish()
        {
            StartSection(null);
            return sections;
        }

        private void StartSection(string? nextHeading)
        {
            var body = Tidy(text.ToString());
            if (body.Length > 0)
            {
                sections.Add(new TextSection(body, heading));
            }

            text.Clear();
            heading = nextHeading;
        }

        private void AppendCollapsed(string data)
        {
            var collapsed = Collapse(data);
            if (collapsed.Length == 0)
            {
                if (data.Length > 0 && text.Length > 0 && text[^1] != ' ' && text[^1] != '\n')
                {
                    text.Append(' ');
                }

                return;
            }

            if (char.IsWhiteSpace(data[0]) && text.Length > 0 && text[^1] is not (' ' or '\n'))
            {
                text.Append(' ');
            }

            text.Append(collapsed);
            if (char.IsWhiteSpace(data[^1]))
            {
                text.Append(' ');
            }
        }

        private static string Collapse(string value) => Answering.TextSpans.OneLine(value);

        /// <summary>Trims every line and keeps at most one blank line between blocks.</summary>
        private static string Tidy(string value)
        {
            var lines = value.Split('\n').Select(l => l.Trim().TrimEnd('|').TrimEnd());
            var result = new StringBuilder();
            var blank = 0;
            foreach (var line in lines)
            {
                blank = line.Length == 0 ? blank + 1 : 0;
                if (blank <= 1 && !(result.Length == 0 && line.Length == 0))
                {
                    result.Append(line).Append('\n');
                }
            }

            return result.ToString().Trim();
        }
    }
}
