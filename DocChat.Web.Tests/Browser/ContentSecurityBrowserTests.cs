using System.Text;
using DocChat.Web.Tests.Infrastructure;
using Microsoft.Playwright;

namespace DocChat.Web.Tests.Browser;

public sealed class ContentSecurityBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task NoPage_BreaksTheContentSecurityPolicy()
    {
        await using var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = fixture.BaseAddress.ToString() });
        var page = await context.NewPageAsync();
        var violations = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                violations.Add($"{page.Url}: {message.Text}");
            }
        };

        await page.GotoAsync("/");
        await page.GotoAsync("/Identity/Account/Login");
        await BrowserSteps.RegisterAsync(page);
        await BrowserSteps.UploadAsync(page, new FilePayload { Name = "notes.md", MimeType = "text/markdown", Buffer = Encoding.UTF8.GetBytes("Vacation requests go to your manager.") });
        await BrowserSteps.AskAsync(page, "vacation requests");
        await page.ClickAsync("article.message[data-role=assistant] .reference a");
        await page.GotoAsync("/Search?q=vacation");
        await page.GotoAsync("/Chat/ConfirmClear?scope=messages");
        await page.GotoAsync("/Identity/Account/Manage");

        Assert.Empty(violations);
    }
}
