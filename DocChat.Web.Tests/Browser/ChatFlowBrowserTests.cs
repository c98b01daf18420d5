using System.Text;
using DocChat.Web.Tests.Infrastructure;
using Microsoft.Playwright;

namespace DocChat.Web.Tests.Browser;

public sealed class ChatFlowBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Register_Upload_Ask_SeeTheReference_Clear_SeeTheEmptyConversation()
    {
        await using var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = fixture.BaseAddress.ToString() });
        var page = await context.NewPageAsync();
        var dialogs = new List<string>();
        page.Dialog += async (_, dialog) =>
        {
            dialogs.Add(dialog.Message);
            await dialog.AcceptAsync();
        };

        await BrowserSteps.RegisterAsync(page);

        // Upload a Markdown file.
        await page.GotoAsync("/Documents");
        await page.SetInputFilesAsync("#Files", new FilePayload
        {
            Name = "handbook.md",
            MimeType = "text/markdown",
            Buffer = Encoding.UTF8.GetBytes("# Handbook\n\nVacation requests go to your manager two weeks in advance.\n\nParking is free."),
        });
        await page.ClickAsync("#upload-form button[type=submit]");
        await Assertions.Expect(page.Locator("#documents .document-name")).ToHaveTextAsync("handbook.md");

        // Ask, and see the answer with its reference.
        await page.GotoAsync("/Chat");
        await page.FillAsync("#Message", "When do vacation requests go to my manager?");
        await page.ClickAsync("#message-form button[type=submit]");
        var answer = page.Locator("article.message[data-role=assistant]");
        await Assertions.Expect(answer.Locator(".message-content")).ToContainTextAsync("two weeks in advance. [1]");
        await Assertions.Expect(answer.Locator(".reference .reference-document")).ToHaveTextAsync("handbook.md");
        await Assertions.Expect(answer.Locator(".reference .reference-quote")).ToContainTextAsync("Vacation requests go to your manager");

        // Clear, after confirming, and see the empty conversation.
        await page.ClickAsync("#clear-messages-link");
        await Assertions.Expect(page.Locator("#status-message")).ToHaveTextAsync("Conversation cleared");
        await Assertions.Expect(page.Locator("#empty-conversation")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("article.message")).ToHaveCountAsync(0);
        Assert.Single(dialogs, d => d.StartsWith("Clear messages: delete every message of this chat", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Clear_DismissingTheConfirmation_KeepsTheConversation()
    {
        await using var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = fixture.BaseAddress.ToString() });
        var page = await context.NewPageAsync();
        page.Dialog += async (_, dialog) => await dialog.DismissAsync();

        await BrowserSteps.RegisterAsync(page);
        await page.GotoAsync("/Chat");
        await page.FillAsync("#Message", "keep me");
        await page.ClickAsync("#message-form button[type=submit]");
        await Assertions.Expect(page.Locator("article.message")).ToHaveCountAsync(2);

        await page.ClickAsync("#erase-session-link");

        await Assertions.Expect(page.Locator("article.message")).ToHaveCountAsync(2);
        Assert.EndsWith("/Chat", page.Url, StringComparison.Ordinal);
    }
}
