using System.Text;
using DocChat.Web.Tests.Infrastructure;
using Microsoft.Playwright;

namespace DocChat.Web.Tests.Browser;

public sealed class DocumentsBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task CitedPassage_OpensHighlighted_AndScrolledIntoView()
    {
        await using var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = fixture.BaseAddress.ToString() });
        var page = await context.NewPageAsync();
        await BrowserSteps.RegisterAsync(page);

        // A long document: the cited passage is far below the first screen.
        var filler = string.Join("\n\n", Enumerable.Range(1, 120).Select(i => $"Filler paragraph number {i} about nothing in particular."));
        await BrowserSteps.UploadAsync(page, new FilePayload
        {
            Name = "manual.md",
            MimeType = "text/markdown",
            Buffer = Encoding.UTF8.GetBytes($"# Manual\n\n{filler}\n\n# Warranty\n\nThe warranty lasts for three years from purchase."),
        });
        await BrowserSteps.AskAsync(page, "How long does the warranty last?");

        await page.ClickAsync("article.message[data-role=assistant] .reference a");

        var mark = page.Locator("mark#cited-passage");
        await Assertions.Expect(mark).ToContainTextAsync("The warranty lasts for three years from purchase.");
        await Assertions.Expect(mark).ToBeInViewportAsync();
        await Assertions.Expect(page.Locator("#passage-heading")).ToHaveTextAsync("Warranty");
    }
}
