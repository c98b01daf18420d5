using DocChat.Web.Tests.Infrastructure;

namespace DocChat.Web.Tests.Controllers;

/// <summary>The payload corpus through the real pages: as user messages, as model output and as document text.</summary>
public sealed class XssTests : IClassFixture<FakeLlmFixture>
{
    private readonly FakeLlmServer model;

    public XssTests(FakeLlmFixture fixture) => model = fixture.Server;

    [Fact]
    public void Corpus_HasAtLeastAHundredPayloads() => Assert.True(XssPayloads.All.Length >= 100, $"{XssPayloads.All.Length} payloads.");

    [Fact]
    public async Task Payloads_AsDocumentNames_RenderInert()
    {
        using var factory = new DocChatFactory();
        using var browser = factory.CreateBrowser();
        await browser.RegisterAsync();
        await XssContent.UploadNamedAsync(browser);
        var chat = await browser.SendAsync("zebra payload document");
        var passage = chat.Document.QuerySelector(".reference a")!.GetAttribute("href")!.Split('#')[0];

        foreach (var url in new[] { "/Documents", "/Chat", passage })
        {
            var page = await browser.GetAsync(url);
            foreach (var name in page.Document.QuerySelectorAll(".document-name, .scope-documents label, h1, .reference-quote"))
            {
                XssPayloads.AssertInert(name, url);
            }

            foreach (var link in page.Document.QuerySelectorAll(".reference-document"))
            {
                Assert.Empty(link.Children);
                Assert.Matches("^/Documents/[0-9a-f-]{36}/Passages/[0-9]+#cited-passage$", link.GetAttribute("href") ?? "/Documents/00000000-0000-0000-0000-000000000000/Passages/0#cited-passage");
            }

            Assert.Empty(page.Document.QuerySelectorAll("script:not([src])"));
        }

        Assert.True(await factory.CountAsync<DocChat.Web.Data.Entities.Document>() >= 100);
    }

    [Fact]
    public async Task Payloads_AsUserMessagesModelOutputAndDocumentText_RenderInert()
    {
        using var factory = new DocChatFactory(FakeLlmServer.Settings(model.Endpoint));
        using var browser = factory.CreateBrowser();
        await browser.RegisterAsync();

        // Document text: every payload in a document the extractive engine quotes from.
        await browser.UploadAsync(ChatActions.TextFile("payloads.md", string.Join("\n\n", XssPayloads.All.Select(p => $"Payload sentence alpha {p}."))));
        await browser.SendAsync("payload sentence alpha");

        // Model output and user messages: the model echoes each payload back inside its answer.
        await XssContent.SendEchoedAsync(browser, model);

        var pages = new List<Page> { await browser.GetAsync("/Chat") };
        while (pages[^1].Document.QuerySelector("#earlier-link")?.GetAttribute("href") is { } earlier)
        {
            pages.Add(await browser.GetAsync(earlier));
        }

        foreach (var rendered in pages)
        {
            foreach (var untrusted in rendered.Document.QuerySelectorAll("article.message .message-content, article.message .reference-quote"))
            {
                XssPayloads.AssertInert(untrusted, untrusted.TextContent);
            }

            // The only links beside an answer's text are DocChat's own links to cited passages.
            Assert.All(rendered.Document.QuerySelectorAll("article.message .reference a"),
                a => Assert.Matches("^/Documents/[0-9a-f-]{36}/Passages/[0-9]+#cited-passage$", a.GetAttribute("href")!));
        }

        var userMessages = pages.SelectMany(p => p.Texts("article.message[data-role=user] .message-content")).ToList();
        Assert.Equal(1 + XssPayloads.All.Length, userMessages.Count);
        Assert.Contains("<script>alert(1)</script>", userMessages);
        Assert.Equal(2 + (2 * XssPayloads.All.Length), await factory.CountAsync<DocChat.Web.Data.Entities.ChatMessage>());
    }
}
