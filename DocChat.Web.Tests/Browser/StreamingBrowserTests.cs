using System.Text;
using DocChat.Web.Tests.Infrastructure;
using Microsoft.Playwright;

namespace DocChat.Web.Tests.Browser;

/// <summary>The app with a (fake) model on a real socket, driven in Chromium.</summary>
public sealed class StreamingBrowserFixture : IAsyncLifetime
{
    public FakeLlmServer Model { get; private set; } = null!;

    public BrowserFixture Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Model = await FakeLlmServer.StartAsync();
        Browser = new BrowserFixture(FakeLlmServer.Settings(Model.Endpoint));
        await Browser.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        await Model.DisposeAsync();
    }
}

public sealed class StreamingBrowserTests(StreamingBrowserFixture fixture) : IClassFixture<StreamingBrowserFixture>
{
    [Fact]
    public async Task GenerativeAnswer_StreamsIntoThePage_ThenShowsTheStoredAnswerWithItsReference()
    {
        const string answer = "Requests go to your manager, two weeks ahead [1].";
        fixture.Model.Reply = _ => new FakeReply(answer) { ChunkCharacters = 4, ChunkDelay = TimeSpan.FromMilliseconds(300) };
        await using var context = await fixture.Browser.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = fixture.Browser.BaseAddress.ToString() });
        var page = await context.NewPageAsync();
        await BrowserSteps.RegisterAsync(page);
        await BrowserSteps.UploadAsync(page, new FilePayload
        {
            Name = "handbook.md",
            MimeType = "text/markdown",
            Buffer = Encoding.UTF8.GetBytes("Vacation requests go to your manager two weeks in advance."),
        });
        await page.GotoAsync("/Chat");
        await page.ClickAsync("#answer-settings summary");
        await page.SelectOptionAsync("#settings-mode", "Generative");
        await page.ClickAsync("#settings-form button[type=submit]");
        await Assertions.Expect(page.Locator("#status-message")).ToHaveTextAsync("Answer settings saved");

        await page.FillAsync("#Message", "Where do vacation requests go?");
        await page.ClickAsync("#message-form button[type=submit]");

        // Part of the answer is on the page while the rest is still being produced...
        var streaming = page.Locator("article.message-pending[data-role=assistant] .message-content");
        await Assertions.Expect(streaming).ToContainTextAsync("Requests go");
        Assert.NotEqual(answer, await streaming.TextContentAsync());

        // ...then the stored answer replaces it, rendered, with its reference.
        var stored = page.Locator("article.message[data-role=assistant]:not(.message-pending)");
        await Assertions.Expect(stored.Locator(".message-content")).ToHaveTextAsync(answer, new() { Timeout = 15_000 });
        await Assertions.Expect(stored.Locator(".reference .reference-document")).ToHaveTextAsync("handbook.md");
        await Assertions.Expect(page.Locator("article.message[data-role=user] .message-content")).ToHaveTextAsync("Where do vacation requests go?");
    }
}
