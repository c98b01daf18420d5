using DocChat.Web.Tests.Infrastructure;

namespace DocChat.Web.Tests.Controllers;

/// <summary>The payload corpus through the real pages: as user messages, as model output and as document text.</summary>
public sealed class XssTests : IClassFixture<FakeLlmFixture>
{
    private readonly FakeLlmServer model;

    public XssTests(FakeLlmFixture fixture) => model = fixture.Server;

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
        var settings = await browser.GetAsync("/Chat");
        await browser.SubmitAndFollowAsync(settings.Form("#settings-form"), new Dictionary<string, string> { ["Mode"] = "Generative" });
        foreach (var payload in XssPayloads.All)
        {
            model.Reply = _ => new FakeReply($"Answer with {payload} [1]");
            await browser.SendAsync(payload);
        }

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
