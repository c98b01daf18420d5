using DocChat.Web.Tests.Infrastructure;
using Microsoft.Playwright;

namespace DocChat.Web.Tests.Browser;

/// <summary>The payload corpus in real Chromium: nothing runs, on any page that shows it.</summary>
public sealed class XssBrowserTests(StreamingBrowserFixture fixture) : IClassFixture<StreamingBrowserFixture>
{
    private const string Scan = """
        () => {
            const bad = [];
            for (const element of document.querySelectorAll('*')) {
                for (const attribute of element.attributes) {
                    if (attribute.name.toLowerCase().startsWith('on')) bad.push(element.tagName + ' ' + attribute.name);
                }
                if (element.tagName === 'SCRIPT' && !element.src) bad.push('inline script');
                if (element.tagName === 'IFRAME' || element.tagName === 'OBJECT' || element.tagName === 'EMBED') bad.push(element.tagName);
            }
            return bad;
        }
        """;

    [Fact]
    public async Task Payloads_InMessagesModelOutputDocumentNamesAndText_NeverRun()
    {
        // The content goes in over HTTP (fast); Chromium then visits every page that shows it.
        using var author = new TestBrowser(fixture.Browser.BaseAddress);
        var email = await author.RegisterAsync();
        await XssContent.UploadNamedAsync(author);
        await author.UploadAsync(ChatActions.TextFile("payload-text.md", string.Join("\n\n", XssPayloads.All.Select(p => $"Payload sentence alpha {p}."))));
        await author.SendAsync("payload sentence alpha");
        await XssContent.SendEchoedAsync(author, fixture.Model);

        await using var context = await fixture.Browser.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = fixture.Browser.BaseAddress.ToString() });
        var page = await context.NewPageAsync();
        var dialogs = new List<string>();
        page.Dialog += async (_, dialog) =>
        {
            dialogs.Add($"{page.Url}: {dialog.Message}");
            await dialog.DismissAsync();
        };
        await page.GotoAsync("/Identity/Account/Login");
        await page.FillAsync("#Input_Email", email);
        await page.FillAsync("#Input_Password", Accounts.Password);
        await page.ClickAsync("#login-submit");
        await page.WaitForURLAsync("**/Chat");

        var visited = new List<string> { "/Chat", "/Documents", "/Search?q=payload", "/Search?q=script" };
        foreach (var url in visited.ToList())
        {
            await page.GotoAsync(url);
            while (url == "/Chat" && await page.Locator("#earlier-link").CountAsync() > 0)
            {
                Assert.Empty(await page.EvaluateAsync<string[]>(Scan));
                await page.ClickAsync("#earlier-link");
            }

            Assert.Empty(await page.EvaluateAsync<string[]>(Scan));
        }

        await page.GotoAsync("/Chat");
        await page.ClickAsync("article.message .reference a >> nth=0");
        Assert.Empty(await page.EvaluateAsync<string[]>(Scan));
        await page.WaitForTimeoutAsync(500);
        Assert.Empty(dialogs);
    }
}
