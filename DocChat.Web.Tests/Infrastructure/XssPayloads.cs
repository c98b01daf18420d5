using AngleSharp.Dom;

namespace DocChat.Web.Tests.Infrastructure;

/// <summary>Script-injection payloads, in HTML and Markdown, and the check that rendered output is inert.</summary>
public static class XssPayloads
{
    public static readonly string[] All =
    [
        "<script>alert(1)</script>",
        "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
        "<img src=x onerror=alert(1)>",
        "<svg onload=alert(1)>",
        "<svg><script>alert(1)</script></svg>",
        "<iframe src=javascript:alert(1)></iframe>",
        "<body onload=alert(1)>",
        "<details open ontoggle=alert(1)>",
        "<a href=\"javascript:alert(1)\">click</a>",
        "<form action=javascript:alert(1)><button>go</button></form>",
        "<object data=javascript:alert(1)></object>",
        "<embed src=javascript:alert(1)>",
        "<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>",
        "<style>@import 'https://evil.example/x.css';</style>",
        "<<script>alert(1);//<</script>",
        "\"><script>alert(1)</script>",
        "'><img src=x onerror=alert(1)>",
        "<input autofocus onfocus=alert(1)>",
        "<meta http-equiv=refresh content=\"0;url=javascript:alert(1)\">",
        "<base href=javascript:alert(1)//>",
        "[click](javascript:alert(1))",
        "[click](JaVaScRiPt:alert(1))",
        "[click](  javascript:alert(1))",
        "[click](java\tscript:alert(1))",
        "[click](&#106;avascript:alert(1))",
        "[click](&#x6A;avascript:alert(1))",
        "[click](vbscript:msgbox(1))",
        "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "[click](file:///etc/passwd)",
        "[click](/relative/path)",
        "[click](//evil.example/protocol-relative)",
        "![x](javascript:alert(1))",
        "![x](https://evil.example/tracker.png)",
        "![x\" onerror=\"alert(1)](https://example.com/a.png)",
        "<javascript:alert(1)>",
        "<data:text/html,<script>alert(1)</script>>",
        "[a](https://example.com \"title\\\" onmouseover=alert(1)\")",
        "[ref]\n\n[ref]: javascript:alert(1)",
        "`<script>alert(1)</script>`",
        "```html\n<script>alert(1)</script>\n```",
        "<div style=\"background:url(javascript:alert(1))\">x</div>",
        "<a href=\"&#x6A;avascript:alert(1)\">x</a>",
        "**bold** <b onmouseover=alert(1)>hover</b>",
        "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
        "<textarea><script>alert(1)</script></textarea>",
        "<template><script>alert(1)</script></template>",
        "<isindex action=javascript:alert(1) type=image>",
        "<video><source onerror=alert(1)></video>",
        "<marquee onstart=alert(1)>",
        "%3Cscript%3Ealert(1)%3C/script%3E",
        "<scr<script>ipt>alert(1)</scr</script>ipt>",
        "<img src=\"x\" onerror=\"alert(1)\">",
        "<img/src/onerror=alert(1)>",
        "<svg/onload=alert(1)>",
        "<body/onload=alert(1)>",
        "<a href=\"jav&#x09;ascript:alert(1)\">tab</a>",
        "<a href=\"  javascript:alert(1)\">space</a>",
        "<a href=\"data:text/html,<script>alert(1)</script>\">data</a>",
        "<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>",
        "<link rel=stylesheet href=javascript:alert(1)>",
        "<table background=javascript:alert(1)>",
        "<div onmouseover=\"alert(1)\">hover</div>",
        "<p onclick=alert(1)>click</p>",
        "<select onfocus=alert(1) autofocus>",
        "<keygen autofocus onfocus=alert(1)>",
        "<audio src=x onerror=alert(1)>",
        "<object type=text/html data=//evil.example></object>",
        "<applet code=x>",
        "<frameset onload=alert(1)>",
        "<xss onafterscriptexecute=alert(1)><script>1</script>",
        "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
        "<svg><a xlink:href=\"javascript:alert(1)\"><text x=20 y=20>x</text></a></svg>",
        "<math><a xlink:href=javascript:alert(1)>x</a></math>",
        "<form><button formaction=javascript:alert(1)>x</button></form>",
        "<input type=image src=x onerror=alert(1)>",
        "<img src=x:alert(alt) onerror=eval(src) alt=0>",
        "<script src=data:text/javascript,alert(1)></script>",
        "<script>/*</script><script>alert(1)//*/</script>",
        "</textarea><script>alert(1)</script>",
        "</title><script>alert(1)</script>",
        "<!--<script>alert(1)</script>-->",
        "<![CDATA[<script>alert(1)</script>]]>",
        "<?xml-stylesheet href=\"javascript:alert(1)\"?>",
        "[x](javascript:alert`1`)",
        "[x](javascript://%0aalert(1))",
        "[x](JAVASCRIPT:alert(1))",
        "[x](\\javascript:alert(1))",
        "[x](javascript&colon;alert(1))",
        "[x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
        "[x]( javascript:alert(1) \"title\")",
        "[x](<javascript:alert(1)>)",
        "[x][1]\n\n[1]: javascript:alert(1) \"t\"",
        "![x](data:image/svg+xml,<svg onload=alert(1)>)",
        "![x](x \"onerror=alert(1)\")",
        "<https://example.com/\"onmouseover=\"alert(1)>",
        "<mailto:x@example.com?body=<script>alert(1)</script>>",
        "[x](mailto:a@example.com\"onclick=\"alert(1))",
        "[x](https://example.com/\"><script>alert(1)</script>)",
        "*<img src=x onerror=alert(1)>*",
        "# <script>alert(1)</script>",
        "> <img src=x onerror=alert(1)>",
        "| a | <script>alert(1)</script> |\n|---|---|\n| 1 | 2 |",
        "- [ ] <img src=x onerror=alert(1)>",
        "<IMG SRC=x OnErRoR=alert(1)>",
        "&lt;script&gt;alert(1)&lt;/script&gt;",
        "javascript:alert(1)",
        "\"; alert(1); //",
    ];

    private static readonly string[] UrlAttributes = ["href", "src", "action", "formaction", "xlink:href", "data", "poster", "background"];

    /// <summary>
    /// No script, style, frame or form elements; no event-handler or style attributes; links only to
    /// http, https or mailto; nothing that loads a resource (src) at all.
    /// </summary>
    public static void AssertInert(IElement root, string payload)
    {
        foreach (var element in root.QuerySelectorAll("*").Prepend(root))
        {
            Assert.False(
                element.LocalName is "script" or "style" or "iframe" or "object" or "embed" or "form" or "input" or "button"
                    or "img" or "svg" or "math" or "base" or "meta" or "video" or "source" or "template" or "textarea",
                $"<{element.LocalName}> rendered for payload {payload}");
            foreach (var attribute in element.Attributes)
            {
                Assert.False(attribute.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase), $"{attribute.Name} attribute rendered for payload {payload}");
                Assert.False(attribute.Name.Equals("style", StringComparison.OrdinalIgnoreCase), $"style attribute rendered for payload {payload}");
                if (UrlAttributes.Contains(attribute.Name, StringComparer.OrdinalIgnoreCase))
                {
                    Assert.Equal("href", attribute.Name);
                    Assert.Matches("^(https?:|mailto:)", attribute.Value);
                }
            }
        }
    }
}
