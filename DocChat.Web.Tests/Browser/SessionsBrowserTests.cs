using System.Text;
using DocChat.Web.Tests.Infrastructure;
using Microsoft.Playwright;

namespace DocChat.Web.Tests.Browser;

public sealed class SessionsBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task RegisterLogOutAndLogIn()
    {
        var page = await NewPageAsync();
        var email = await BrowserSteps.RegisterAsync(page);
        await page.ClickAsync("#logout-form button");
        await page.GotoAsync("/Chat");
        await page.WaitForURLAsync("**/Identity/Account/Login**");

        await page.FillAsync("#Input_Email", email);
        await page.FillAsync("#Input_Password", Accounts.Password);
        await page.ClickAsync("#login-submit");

        await page.WaitForURLAsync("**/Chat");
        await Assertions.Expect(page.Locator("#current-user")).ToHaveTextAsync(email);
    }

    [Fact]
    public async Task EnterSends_ShiftEnterAddsALine_FocusReturnsToTheMessageBox()
    {
        var page = await NewPageAsync();
        await BrowserSteps.RegisterAsync(page);
        var box = page.Locator("#Message");
        await Assertions.Expect(box).ToBeFocusedAsync();

        await box.PressSequentiallyAsync("first line");
        await box.PressAsync("Shift+Enter");
        await box.PressSequentiallyAsync("second line");
        await Assertions.Expect(box).ToHaveValueAsync("first line\nsecond line");
        await box.PressAsync("Enter");

        await Assertions.Expect(page.Locator("article.message[data-role=user]:not(.message-pending) .message-content")).ToHaveTextAsync("first line\nsecond line");
        await Assertions.Expect(page.Locator("article.message[data-role=assistant]:not(.message-pending)")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#Message")).ToBeFocusedAsync();
        await Assertions.Expect(page.Locator("#messages")).ToHaveAttributeAsync("aria-live", "polite");
    }

    [Fact]
    public async Task SwitchRenameAndDeleteSessions()
    {
        var page = await NewPageAsync();
        await BrowserSteps.RegisterAsync(page);
        await BrowserSteps.AskAsync(page, "First conversation");
        await page.ClickAsync("#new-chat-form button");
        await BrowserSteps.AskAsync(page, "Second conversation");

        // Switch back to the first one.
        await page.ClickAsync("#session-list .session-link:has-text('First conversation')");
        await Assertions.Expect(page.Locator("#chat-title")).ToHaveTextAsync("First conversation");

        // Rename it.
        var first = page.Locator("#session-list .session-item.current");
        await first.Locator("summary").ClickAsync();
        await first.Locator(".rename-form input[name=Title]").FillAsync("Renamed conversation");
        await first.Locator(".rename-form button").ClickAsync();
        await Assertions.Expect(page.Locator("#chat-title")).ToHaveTextAsync("Renamed conversation");

        // Delete the other one, confirming the dialog.
        page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        var second = page.Locator("#session-list .session-item:has-text('Second conversation')");
        await second.Locator("summary").ClickAsync();
        await second.Locator(".delete-session").ClickAsync();
        await Assertions.Expect(page.Locator("#status-message")).ToHaveTextAsync("Session deleted");
        await Assertions.Expect(page.Locator("#session-list .session-title")).ToHaveTextAsync(["Renamed conversation"]);
    }

    [Fact]
    public async Task BothClearScopes_AndUndo()
    {
        var page = await NewPageAsync();
        page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        await BrowserSteps.RegisterAsync(page);
        await BrowserSteps.AskAsync(page, "Keep this question");

        await page.ClickAsync("#clear-messages-link");
        await Assertions.Expect(page.Locator("#undo-banner")).ToContainTextAsync("The messages were cleared.");
        await Assertions.Expect(page.Locator("article.message")).ToHaveCountAsync(0);
        await page.ClickAsync("#undo-form button");
        await Assertions.Expect(page.Locator("#status-message")).ToHaveTextAsync("Clear undone");
        await Assertions.Expect(page.Locator("article.message")).ToHaveCountAsync(2);

        await page.ClickAsync("#erase-session-link");
        await Assertions.Expect(page.Locator("#undo-banner")).ToContainTextAsync("The previous chat was erased.");
        await Assertions.Expect(page.Locator("#chat-title")).ToHaveTextAsync("New chat");
        await page.ClickAsync("#undo-form button");
        await Assertions.Expect(page.Locator("#chat-title")).ToHaveTextAsync("Keep this question");
        await Assertions.Expect(page.Locator("article.message")).ToHaveCountAsync(2);
    }

    [Fact]
    public async Task SearchFromTheSidebar_OpensTheSessionAtTheMessage()
    {
        var page = await NewPageAsync();
        await BrowserSteps.RegisterAsync(page);
        await BrowserSteps.AskAsync(page, "Tell me about the pelican budget");
        await page.ClickAsync("#new-chat-form button");

        await page.FillAsync("#search-q", "pelican");
        await page.PressAsync("#search-q", "Enter");
        await Assertions.Expect(page.Locator(".search-result")).ToHaveCountAsync(1);
        await page.ClickAsync(".search-result-link");

        await Assertions.Expect(page.Locator("#chat-title")).ToHaveTextAsync("Tell me about the pelican budget");
        Assert.Matches("#message-[0-9]+$", page.Url);
        await Assertions.Expect(page.Locator(page.Url[page.Url.IndexOf('#')..])).ToBeInViewportAsync();
    }

    [Fact]
    public async Task ExportDownloadsTheSession()
    {
        var page = await NewPageAsync();
        await BrowserSteps.RegisterAsync(page);
        await BrowserSteps.AskAsync(page, "Export me please");
        await page.ClickAsync("#session-list .session-item.current summary");

        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#session-list .session-item.current .export-md"));

        Assert.EndsWith(".md", download.SuggestedFilename, StringComparison.Ordinal);
        var path = await download.PathAsync();
        Assert.StartsWith("# Export me please", await File.ReadAllTextAsync(path!), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PhoneWidthAndDarkPreference()
    {
        await using var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = fixture.BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 390, Height = 844 },
            ColorScheme = ColorScheme.Dark,
        });
        var page = await context.NewPageAsync();
        await BrowserSteps.RegisterAsync(page);
        await BrowserSteps.AskAsync(page, "Does it fit on a phone?");

        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), "The chat page scrolls sideways at phone width.");
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("data-bs-theme", "dark");
        var background = await page.EvaluateAsync<string>("getComputedStyle(document.body).backgroundColor");
        Assert.Equal("rgb(33, 37, 41)", background);
    }

    private async Task<IPage> NewPageAsync()
    {
        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = fixture.BaseAddress.ToString() });
        return await context.NewPageAsync();
    }
}
