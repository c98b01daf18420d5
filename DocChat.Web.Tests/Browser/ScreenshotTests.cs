using System.Text;
using DocChat.Web.Tests.Infrastructure;
using Microsoft.Playwright;

namespace DocChat.Web.Tests.Browser;

/// <summary>
/// Walks the main pages in Chromium and saves what they look like: to a temporary folder on an
/// ordinary run, to docs/screenshots/ (shown in the README) when DOCCHAT_UPDATE_SCREENSHOTS=1,
/// so a test run never changes the committed pictures by itself.
/// </summary>
public sealed class ScreenshotTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private static readonly string Folder = Environment.GetEnvironmentVariable("DOCCHAT_UPDATE_SCREENSHOTS") == "1"
        ? Path.Combine(Repository.Root, "docs", "screenshots")
        : Path.Combine(Path.GetTempPath(), "docchat-screenshots", Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task MainPages_AreSavedAsScreenshots()
    {
        Directory.CreateDirectory(Folder);
        await using var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = fixture.BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 1280, Height = 860 },
            ColorScheme = ColorScheme.Light,
        });
        var page = await context.NewPageAsync();
        await BrowserSteps.RegisterAsync(page);
        await BrowserSteps.UploadAsync(page, new FilePayload
        {
            Name = "employee-handbook.md",
            MimeType = "text/markdown",
            Buffer = Encoding.UTF8.GetBytes("""
                # Leave

                Vacation requests go to your manager two weeks in advance. Unused vacation days carry over to the next year, up to five days.

                # Travel

                Trains are preferred over planes for trips under five hours. Keep every receipt for your expense report.
                """),
        });
        await BrowserSteps.UploadAsync(page, new FilePayload { Name = "quarterly-report.pdf", MimeType = "application/pdf", Buffer = SampleFiles.MinimalPdf("Revenue grew in spring. Margins improved", "Costs fell sharply in autumn. Staff numbers grew") });
        await SaveAsync(page, "documents.png");

        await BrowserSteps.AskAsync(page, "When do vacation requests go to my manager?");
        await BrowserSteps.AskAsync(page, "How did costs change in autumn?");
        await page.ClickAsync("#new-chat-form button");
        await BrowserSteps.AskAsync(page, "Should I take the train or the plane?");
        await page.ClickAsync("#session-list .session-link:has-text('When do vacation requests')");
        await SaveAsync(page, "chat.png");

        await page.ClickAsync("article.message[data-role=assistant] .reference a >> nth=0");
        await SaveAsync(page, "passage.png");

        await page.GotoAsync("/Search?q=vacation");
        await SaveAsync(page, "search.png");

        await page.GotoAsync("/Chat");
        await page.SetViewportSizeAsync(390, 844);
        await SaveAsync(page, "chat-phone.png");

        await page.EmulateMediaAsync(new PageEmulateMediaOptions { ColorScheme = ColorScheme.Dark });
        await page.SetViewportSizeAsync(1280, 860);
        await page.ReloadAsync();
        await SaveAsync(page, "chat-dark.png");

        foreach (var name in new[] { "documents.png", "chat.png", "passage.png", "search.png", "chat-phone.png", "chat-dark.png" })
        {
            Assert.True(new FileInfo(Path.Combine(Folder, name)).Length > 10_000, $"{name} looks empty.");
        }
    }

    private static Task SaveAsync(IPage page, string name) => page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Folder, name), FullPage = true });
}
