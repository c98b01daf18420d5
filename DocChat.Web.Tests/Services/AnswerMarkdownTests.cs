using AngleSharp.Html.Parser;
using DocChat.Web.Services.Rendering;
using DocChat.Web.Tests.Infrastructure;

namespace DocChat.Web.Tests.Services;

public sealed class AnswerMarkdownTests
{
    private readonly AnswerMarkdown markdown = new();

    public static TheoryData<string> Payloads => new(XssPayloads.All);

    [Theory]
    [MemberData(nameof(Payloads))]
    public void ToHtml_RendersEveryPayloadInert(string payload)
    {
        var html = markdown.ToHtml($"Before {payload} after");

        var body = new HtmlParser().ParseDocument($"<div id=root>{html}</div>").GetElementById("root")!;
        XssPayloads.AssertInert(body, payload);
    }

    public static TheoryData<string> DocumentSentences => new(
        "# Installation on a server",
        "- a line that starts like a list",
        "+ another list marker",
        "> quoted in the document",
        "1. First step of the manual",
        "12) Twelfth, with a parenthesis",
        "3.5 million copies were sold.",
        "Use *all* of it, not **half**.",
        "The snake_case_name and _underlined_ words stay.",
        "Run `make install` as root.",
        "See [the manual](http://example.com) and ![a picture](x.png).",
        "A <b>tag</b> &amp; an entity &copy; stay as written.",
        "~~struck~~, ~sub~, ^sup^, ++inserted++ and ==marked== are plain here.",
        "a | b | c",
        @"C:\Program Files\DocChat and a \* backslash",
        "The address https://example.com/a_b?c=1 still links.");

    [Theory]
    [MemberData(nameof(DocumentSentences))]
    public void Literal_DocumentText_RendersAsTheSameText_InAListItem(string sentence)
    {
        var html = markdown.ToHtml("- " + AnswerMarkdown.Literal(sentence) + " [1]");

        var root = new HtmlParser().ParseDocument($"<div id=root>{html}</div>").GetElementById("root")!;
        var item = Assert.Single(root.QuerySelectorAll("li"));
        Assert.Equal(sentence + " [1]", item.TextContent);
        Assert.Empty(item.QuerySelectorAll("h1, h2, ul ul, ol, blockquote, em, strong, code, del, sub, sup, ins, mark, img, table"));
    }

    [Fact]
    public void ToHtml_OfOneAnswer_IsTheSame_WhateverTheThreadRenderedBefore()
    {
        // Each thread reuses one renderer: nothing of an earlier answer (open lists, tables, a
        // missing last line, text) may reach the next one.
        string[] answers = ["", "- open\n  - nested", "| a |\n|---|\n| 1 |", "> quote\n>\n> > deeper", "text without a last line", .. XssPayloads.All.Take(20)];
        var expected = answers.Select(answer => new AnswerMarkdown().ToHtml(answer)).ToList();

        var reused = new AnswerMarkdown();
        var first = answers.Select(reused.ToHtml).ToList();
        var again = answers.Reverse().Select(reused.ToHtml).Reverse().ToList();

        Assert.Equal(expected, first);
        Assert.Equal(expected, again);
    }

    [Fact]
    public void ToHtml_KeepsMarkdownFormatting_AndSafeLinks()
    {
        var html = markdown.ToHtml("**bold**, *em*, [site](https://example.com/a?b=1), [mail](mailto:a@example.com)\n\n- item\n\n| a | b |\n|---|---|\n| 1 | 2 |");

        var root = new HtmlParser().ParseDocument($"<div id=root>{html}</div>").GetElementById("root")!;
        Assert.Equal("bold", root.QuerySelector("strong")!.TextContent);
        Assert.Equal("em", root.QuerySelector("em")!.TextContent);
        Assert.Equal(["https://example.com/a?b=1", "mailto:a@example.com"], root.QuerySelectorAll("a").Select(a => a.GetAttribute("href")));
        Assert.All(root.QuerySelectorAll("a"), a => Assert.Equal("noopener noreferrer nofollow", a.GetAttribute("rel")));
        Assert.Equal("item", root.QuerySelector("li")!.TextContent);
        Assert.Equal("2", root.QuerySelectorAll("td")[1].TextContent);
    }

    [Fact]
    public void ToHtml_ShowsRawHtmlAsText_AndUnsafeLinksAsTheirLabel()
    {
        var root = new HtmlParser().ParseDocument($"<div id=root>{markdown.ToHtml("<b>x</b> [label](javascript:alert(1)) ![alt text](https://example.com/a.png)")}</div>").GetElementById("root")!;

        Assert.Equal("<b>x</b> label alt text", root.TextContent.Trim());
        Assert.Empty(root.QuerySelectorAll("a, img, b"));
    }
}
