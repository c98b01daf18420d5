using Markdig;
using Markdig.Renderers;
using Markdig.Renderers.Html;
using Markdig.Renderers.Html.Inlines;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace DocChat.Web.Services.Rendering;

/// <summary>
/// Renders answers (from documents or from a model: untrusted either way) as HTML with Markdig.
/// Raw HTML is disabled, so it shows as text; only http, https and mailto links survive, and
/// images become their alt text, so nothing fetches or runs anything.
/// </summary>
public sealed class AnswerMarkdown
{
    private static readonly string[] SafeSchemes = ["http", "https", "mailto"];

    private readonly MarkdownPipeline pipeline = new MarkdownPipelineBuilder()
        .UsePipeTables()
        .UseEmphasisExtras()
        .UseAutoLinks()
        .DisableHtml()
        .Build();

    public string ToHtml(string markdown)
    {
        MarkdownDocument document;
        try
        {
            document = Markdown.Parse(markdown, pipeline);
        }
        catch (ArgumentException)
        {
            // Markdig refuses input nested past its depth limit (a line of 128 ">" or "- ").
            // Stored answers are rendered on every page view, so show them as plain text instead.
            return PlainText(markdown);
        }

        var (renderer, writer) = renderers.Value;
        try
        {
            renderer.Render(document);
            return writer.ToString();
        }
        catch
        {
            // Whatever state a failed render left behind stays out of the next one.
            renderers.Value = NewRenderer();
            throw;
        }
        finally
        {
            writer.GetStringBuilder().Clear();
        }
    }

    /// <summary>
    /// A configured renderer for this thread. Building one (its ~20 object renderers and the
    /// pipeline's setup) cost more than rendering a short answer, and a chat page renders dozens;
    /// rendering is synchronous, so a thread's renderer is never used by two answers at once.
    /// </summary>
    private readonly ThreadLocal<(HtmlRenderer Renderer, StringWriter Writer)> renderers;

    public AnswerMarkdown() => renderers = new(NewRenderer);

    private (HtmlRenderer, StringWriter) NewRenderer()
    {
        // Links are vetted as they are written, so the syntax tree is not walked again for them.
        var writer = new StringWriter();
        var renderer = new HtmlRenderer(writer);
        pipeline.Setup(renderer);
        renderer.ObjectRenderers.Replace<LinkInlineRenderer>(new SafeLinkRenderer());
        renderer.ObjectRenderers.Replace<AutolinkInlineRenderer>(new SafeAutolinkRenderer());
        return (renderer, writer);
    }

    /// <summary>Writes a link with a safe scheme (with rel="noopener noreferrer nofollow"); anything else, and every image, as its text.</summary>
    private sealed class SafeLinkRenderer : LinkInlineRenderer
    {
        protected override void Write(HtmlRenderer renderer, LinkInline link)
        {
            if (link.IsImage || !IsSafe(link.Url))
            {
                renderer.WriteEscape(TextOf(link));
                return;
            }

            link.GetAttributes().AddPropertyIfNotExist("rel", "noopener noreferrer nofollow");
            base.Write(renderer, link);
        }
    }

    /// <summary>Writes an autolink with a safe scheme; anything else as its text.</summary>
    private sealed class SafeAutolinkRenderer : AutolinkInlineRenderer
    {
        protected override void Write(HtmlRenderer renderer, AutolinkInline link)
        {
            if (IsSafe(link.IsEmail ? "mailto:" + link.Url : link.Url))
            {
                base.Write(renderer, link);
            }
            else
            {
                renderer.WriteEscape(link.Url);
            }
        }
    }

    /// <summary>
    /// Document text as Markdown that renders as that same text (on one line, as in a list item):
    /// the characters that would start emphasis, code, links, HTML, strike-through, marks or a
    /// block (a heading, a nested list, a quote) are backslash-escaped. Web addresses are left
    /// whole, so they still become links.
    /// </summary>
    public static string Literal(string text)
    {
        var markdown = new System.Text.StringBuilder(text.Length + 8);
        var word = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (i == 0 || char.IsWhiteSpace(text[i - 1]))
            {
                word = i;
            }

            // "++inserted++" and "==marked==" need the mark doubled; "12." and "12)" start a list only after digits alone.
            var doubled = (i + 1 < text.Length && text[i + 1] == c) || (i > 0 && text[i - 1] == c);
            var escape = c switch
            {
                '\\' or '`' or '*' or '_' or '[' or ']' or '<' or '>' or '~' or '^' or '|' or '&' => !InWebAddress(text, word),
                '+' => i == 0 || doubled,
                '=' => doubled,
                '#' or '-' => i == 0,
                '.' or ')' => i > 0 && !text.AsSpan(0, i).ContainsAnyExceptInRange('0', '9'),
                _ => false,
            };
            if (escape)
            {
                markdown.Append('\\');
            }

            markdown.Append(c);
        }

        return markdown.ToString();
    }

    private static bool InWebAddress(string text, int word) =>
        text.AsSpan(word).StartsWith("http://", StringComparison.OrdinalIgnoreCase)
        || text.AsSpan(word).StartsWith("https://", StringComparison.OrdinalIgnoreCase)
        || text.AsSpan(word).StartsWith("www.", StringComparison.OrdinalIgnoreCase);

    private static string PlainText(string text) =>
        "<p>" + System.Net.WebUtility.HtmlEncode(text).ReplaceLineEndings("<br>") + "</p>";

    /// <summary>An absolute URL with an allowed scheme; the scheme is read the way browsers read it.</summary>
    private static bool IsSafe(string? url)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            return false;
        }

        // Browsers ignore control characters and white space inside a scheme ("java\tscript:").
        var cleaned = new string(url.Where(c => !char.IsControl(c) && !char.IsWhiteSpace(c)).ToArray());
        return Uri.TryCreate(cleaned, UriKind.Absolute, out var uri)
            && SafeSchemes.Contains(uri.Scheme, StringComparer.OrdinalIgnoreCase)
            && cleaned.StartsWith(uri.Scheme + ":", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>What a link says (its label, or an image's alt text), as plain text.</summary>
    private static string TextOf(ContainerInline container)
    {
        var text = new System.Text.StringBuilder();
        for (var inline = container.FirstChild; inline is not null; inline = inline.NextSibling)
        {
            text.Append(inline switch
            {
                LiteralInline literal => literal.Content.ToString(),
                CodeInline code => code.Content,
                ContainerInline nested => TextOf(nested),
                _ => "",
            });
        }

        return text.ToString();
    }
}
