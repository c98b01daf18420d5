using DocChat.Web.Tests.Infrastructure;
using Microsoft.Playwright;

namespace DocChat.Web.Tests.Browser;

/// <summary>
/// The app on a real loopback socket (Kestrel) and Debian's Chromium driven by Playwright.
/// Browsers cannot be downloaded here: test.sh installs the chromium package.
/// </summary>
public class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? playwright;

    public BrowserFixture()
        : this(null)
    {
    }

    /// <summary>With app settings (xunit builds class fixtures through the public constructor only).</summary>
    internal BrowserFixture(IDictionary<string, string?>? settings, string environment = "Development") =>
        Factory = new DocChatFactory(settings, environment);

    public DocChatFactory Factory { get; }

    public IBrowser Browser { get; private set; } = null!;

    public Uri BaseAddress { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Assert.True(File.Exists(ChromiumPath), $"{ChromiumPath} is missing: run ./test.sh, which installs Debian's chromium package.");

        // The whole suite shares two cores: give page assertions more than Playwright's 5 s to come true.
        Assertions.SetDefaultExpectTimeout(15_000);

        Factory.UseKestrel(0);
        Factory.StartServer();
        using (var client = Factory.CreateClient())
        {
            BaseAddress = client.BaseAddress!;
        }

        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            // The network here is closed: keep Chromium from reaching out on its own.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        playwright?.Dispose();
        Factory.Dispose();
    }
}

/// <summary>
/// The app as it runs in production (no development-only pages or scripts): what a visitor's
/// browser actually enforces the Content-Security-Policy against.
/// </summary>
public sealed class ProductionBrowserFixture() : BrowserFixture(settings: null, environment: "Production");
