using DocChat.Web.Tests.Infrastructure;
using Microsoft.Playwright;

namespace DocChat.Web.Tests.Browser;

/// <summary>What a person does in the browser, step by step, shared by the browser tests.</summary>
public static class BrowserSteps
{
    /// <summary>Registers on the Identity UI page, typed into like a person would; lands on the chat.</summary>
    public static async Task<string> RegisterAsync(IPage page)
    {
        var email = Accounts.NewEmail();
        await page.GotoAsync("/Identity/Account/Register");
        await page.FillAsync("#Input_Email", email);
        await page.FillAsync("#Input_Password", Accounts.Password);
        await page.FillAsync("#Input_ConfirmPassword", Accounts.Password);
        await page.ClickAsync("#registerSubmit");
        await page.WaitForURLAsync("**/Chat");
        return email;
    }

    public static async Task UploadAsync(IPage page, FilePayload file)
    {
        await page.GotoAsync("/Documents");
        await page.SetInputFilesAsync("#Files", file);
        await page.ClickAsync("#upload-form button[type=submit]");
        await Assertions.Expect(page.Locator("#status-message")).ToContainTextAsync("Uploaded");

        // The page follows the background ingestion by itself (no reload) until the document is Ready.
        await Assertions.Expect(page.Locator("tr.document", new() { HasText = file.Name }).Locator(".document-status"))
            .ToHaveAttributeAsync("data-status", "ready", new() { Timeout = 30_000 });
    }

    /// <summary>Asks on the chat page and waits for the stored answer to be shown.</summary>
    public static async Task AskAsync(IPage page, string question)
    {
        await page.GotoAsync("/Chat");
        var answers = await page.Locator("article.message[data-role=assistant]:not(.message-pending)").CountAsync();
        await page.FillAsync("#Message", question);
        await page.ClickAsync("#message-form button[type=submit]");
        await Assertions.Expect(page.Locator("article.message[data-role=assistant]:not(.message-pending)")).ToHaveCountAsync(answers + 1);
    }
}
