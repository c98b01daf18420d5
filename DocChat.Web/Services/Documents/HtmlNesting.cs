using AngleSharp.Html;
using AngleSharp.Html.Parser;
using AngleSharp.Text;

namespace DocChat.Web.Services.Documents;

/// <summary>
/// Measures how deep an HTML page nests before the real parser builds its tree. The HTML tree
/// builder checks its stack of open elements for nearly every tag, so a page of a hundred thousand
/// nested <c>&lt;div&gt;</c> costs minutes of CPU. This scan runs AngleSharp's tokenizer (linear)
/// and keeps a stack of open elements that mimics the implied end tags of real HTML (a new
/// <c>&lt;li&gt;</c> closes the open one, a block closes an open <c>&lt;p&gt;</c>, and so on), so
/// ordinary pages with unclosed paragraphs and list items measure shallow while crafted nesting
/// measures as deep as the browser would build it. The stack never grows past the limit, so every
/// step is bounded by it.
/// </summary>
public static class HtmlNesting
{
    private static readonly HashSet<string> Ignored = new(StringComparer.Ordinal)
    {
        "html", "head", "body", "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
        "track", "wbr", "keygen", "frame", "basefont", "bgsound", "image",
    };

    /// <summary>Start tags that close an open <c>p</c> first (HTML's "close a p element").</summary>
    private static readonly HashSet<string> ClosesParagraph = new(StringComparer.Ordinal)
    {
        "address", "article", "aside", "blockquote", "center", "details", "dialog", "dir", "div", "dl", "fieldset", "figcaption",
        "figure", "footer", "header", "hgroup", "main", "menu", "nav", "ol", "p", "section", "summary", "ul", "h1", "h2", "h3",
        "h4", "h5", "h6", "pre", "listing", "form", "table", "xmp", "li", "dd", "dt", "plaintext",
    };

    /// <summary>
    /// Start tags that first close the nearest open element named here (and everything opened
    /// inside it), unless a container lies between: a new row closes the open row with its cells.
    /// </summary>
    private static readonly Dictionary<string, string[]> Siblings = new(StringComparer.Ordinal)
    {
        ["li"] = ["li"],
        ["dd"] = ["dd", "dt"],
        ["dt"] = ["dd", "dt"],
        ["option"] = ["option"],
        ["optgroup"] = ["optgroup"],
        ["tr"] = ["tr"],
        ["td"] = ["td", "th"],
        ["th"] = ["td", "th"],
        ["thead"] = ["thead", "tbody", "tfoot"],
        ["tbody"] = ["thead", "tbody", "tfoot"],
        ["tfoot"] = ["thead", "tbody", "tfoot"],
        ["a"] = ["a"],
        ["nobr"] = ["nobr"],
        ["button"] = ["button"],
        ["rb"] = ["rb", "rt", "rtc", "rp"],
        ["rt"] = ["rb", "rt", "rp"],
        ["rp"] = ["rb", "rt", "rp"],
        ["rtc"] = ["rb", "rt", "rtc", "rp"],
        ["h1"] = ["h1", "h2", "h3", "h4", "h5", "h6"],
        ["h2"] = ["h1", "h2", "h3", "h4", "h5", "h6"],
        ["h3"] = ["h1", "h2", "h3", "h4", "h5", "h6"],
        ["h4"] = ["h1", "h2", "h3", "h4", "h5", "h6"],
        ["h5"] = ["h1", "h2", "h3", "h4", "h5", "h6"],
        ["h6"] = ["h1", "h2", "h3", "h4", "h5", "h6"],
    };

    /// <summary>Containers a sibling rule does not reach across (a nested list keeps its outer item open).</summary>
    private static readonly HashSet<string> Containers = new(StringComparer.Ordinal)
    {
        "ul", "ol", "dl", "menu", "dir", "table", "select", "ruby", "template", "button", "caption", "object", "applet", "marquee",
    };

    private static readonly Dictionary<string, HtmlParseMode> TextOnly = new(StringComparer.Ordinal)
    {
        ["script"] = HtmlParseMode.Script,
        ["style"] = HtmlParseMode.Rawtext,
        ["xmp"] = HtmlParseMode.Rawtext,
        ["iframe"] = HtmlParseMode.Rawtext,
        ["noembed"] = HtmlParseMode.Rawtext,
        ["noframes"] = HtmlParseMode.Rawtext,
        ["textarea"] = HtmlParseMode.RCData,
        ["title"] = HtmlParseMode.RCData,
        ["plaintext"] = HtmlParseMode.Plaintext,
    };

    /// <summary>Whether the page nests deeper than <paramref name="maxDepth"/> elements.</summary>
    public static bool IsDeeperThan(string html, int maxDepth, CancellationToken cancellationToken)
    {
        var tokenizer = new HtmlTokenizer(new TextSource(html), HtmlEntityProvider.Resolver);
        var open = new List<string>(maxDepth + 1);
        var count = 0;
        for (var token = tokenizer.Get(); token.Type != HtmlTokenType.EndOfFile; token = tokenizer.Get())
        {
            if ((++count & 0x3FF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            if (token.Type == HtmlTokenType.StartTag)
            {
                var tag = token.AsTag();
                var name = tag.Name.ToLowerInvariant();
                // HTML ignores "/>" on its own elements (<div/> opens a div); only SVG and MathML honour it.
                if (Ignored.Contains(name) || (tag.IsSelfClosing && (open.Contains("svg") || open.Contains("math"))))
                {
                    continue;
                }

                if (ClosesParagraph.Contains(name))
                {
                    CloseNearest(open, ["p"]);
                }

                if (Siblings.TryGetValue(name, out var family))
                {
                    CloseNearest(open, family);
                }

                open.Add(name);
                if (open.Count > maxDepth)
                {
                    return true;
                }

                if (TextOnly.TryGetValue(name, out var mode))
                {
                    tokenizer.State = mode;
                }
            }
            else if (token.Type == HtmlTokenType.EndTag)
            {
                var name = token.Name.ToLowerInvariant();
                var index = open.LastIndexOf(name);
                if (index >= 0)
                {
                    open.RemoveRange(index, open.Count - index);
                }
            }
        }

        return false;
    }

    /// <summary>Pops up to and including the nearest open element named in <paramref name="names"/>, unless a container comes first.</summary>
    private static void CloseNearest(List<string> open, string[] names)
    {
        for (var i = open.Count - 1; i >= 0; i--)
        {
            if (Array.IndexOf(names, open[i]) >= 0)
            {
                open.RemoveRange(i, open.Count - i);
                return;
            }

            if (Containers.Contains(open[i]))
            {
                return;
            }
        }
    }
}
