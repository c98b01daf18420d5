using System.Diagnostics;
using DocChat.Web.Tests.Browser;
using Microsoft.Playwright;

namespace DocChat.Web.Tests.Reliability;

/// <summary>
/// Production runs a published build (docs/deployment.md): started in the Production environment,
/// its pages get their CSS and scripts in Chromium. (A Production start of an unpublished build
/// serves them empty: the build's assets are only mapped in Development.)
/// </summary>
public sealed class PublishedAppTests
{
    [Fact]
    public async Task ThePublishedApp_InProduction_ServesItsStylesAndScripts()
    {
        var work = Directory.CreateTempSubdirectory("docchat-published-").FullName;
        try
        {
            var app = Path.Combine(work, "app");
            await PublishAsync(app);
            using var server = new ServerProcess(Path.Combine(work, "data"), app: Path.Combine(app, "DocChat.Web.dll"));
            await server.StartAsync();

            using var playwright = await Playwright.CreateAsync();
            await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = BrowserFixture.ChromiumPath,
                Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
            });
            var page = await browser.NewPageAsync();
            var assets = new List<IResponse>();
            page.Response += (_, response) =>
            {
                if (response.Url.EndsWith(".css", StringComparison.Ordinal) || response.Url.Contains(".css?", StringComparison.Ordinal)
                    || response.Url.EndsWith(".js", StringComparison.Ordinal) || response.Url.Contains(".js?", StringComparison.Ordinal))
                {
                    assets.Add(response);
                }
            };

            await page.GotoAsync(new Uri(server.Address, "/Identity/Account/Login").ToString(), new() { WaitUntil = WaitUntilState.NetworkIdle });

            // Names may carry a content hash ("site.abc123.css").
            foreach (var (stem, extension) in new[] { ("bootstrap.min", ".css"), ("site", ".css"), ("theme", ".js"), ("site", ".js") })
            {
                Assert.Contains(assets, a => Path.GetFileName(new Uri(a.Url).AbsolutePath) is var file
                    && file.StartsWith(stem + ".", StringComparison.Ordinal) && file.EndsWith(extension, StringComparison.Ordinal));
            }

            foreach (var asset in assets)
            {
                Assert.Equal(200, asset.Status);
                Assert.NotEmpty(await asset.BodyAsync());
            }

            // Bootstrap's reboot took effect (a browser's own body margin is 8px), and theme.js ran.
            Assert.Equal("0px", await page.EvaluateAsync<string>("getComputedStyle(document.body).marginTop"));
            Assert.Contains(await page.GetAttributeAsync("html", "data-bs-theme"), new[] { "light", "dark" });
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static async Task PublishAsync(string output)
    {
        var project = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(ServerProcess.WebAssembly())!, "..", "..", "..", "DocChat.Web.csproj"));
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "publish", project, "-c", "Release", "-o", output, "-v", "q", "-nologo" })
        {
            start.ArgumentList.Add(argument);
        }

        using var publish = Process.Start(start)!;
        var log = publish.StandardOutput.ReadToEndAsync();
        var errors = publish.StandardError.ReadToEndAsync();
        await publish.WaitForExitAsync();
        Assert.True(publish.ExitCode == 0, $"dotnet publish failed:\n{await log}\n{await errors}");
    }
}
