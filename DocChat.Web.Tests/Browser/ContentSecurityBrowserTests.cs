using System.Text;
using DocChat.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace DocChat.Web.Tests.Browser;

public sealed class ContentSecurityBrowserTests(ProductionBrowserFixture fixture) : IClassFixture<ProductionBrowserFixture>
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

        // The 400 page of an Identity form whose antiforgery token went missing (an expired form).
        await page.EvalOnSelectorAsync("#account input[name=__RequestVerificationToken]", "input => input.remove()");
        await page.FillAsync("#Input_Email", "someone@example.test");
        await page.FillAsync("#Input_Password", "some password");
        await page.ClickAsync("#login-submit");
        await Assertions.Expect(page.Locator("main h1")).ToContainTextAsync("expired");

        await BrowserSteps.RegisterAsync(page);
        await BrowserSteps.UploadAsync(page, new FilePayload { Name = "notes.md", MimeType = "text/markdown", Buffer = Encoding.UTF8.GetBytes("Vacation requests go to your manager.") });
        await BrowserSteps.AskAsync(page, "vacation requests");
        await page.ClickAsync("article.message[data-role=assistant] .reference a");
        await page.GotoAsync("/Search?q=vacation");
        await page.GotoAsync("/Chat/ConfirmClear?scope=messages");
        await page.GotoAsync("/no-such-page");
        await page.GotoAsync("/error");

        // Every page of the Identity UI that DocChat serves, the Manage pages included.
        var identityPages = IdentityPages();
        foreach (var path in identityPages)
        {
            var response = await page.GotoAsync(path);
            Assert.True(response is { Status: < 500 }, $"GET {path} answered {response?.Status}.");
        }

        Assert.Empty(violations);
        Assert.Contains("/Identity/Account/Manage/ChangePassword", identityPages);
        Assert.True(identityPages.Count >= 12, $"Only {identityPages.Count} Identity pages found.");
    }

    private List<string> IdentityPages() => fixture.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints
        .OfType<RouteEndpoint>()
        .Where(e => e.Metadata.GetMetadata<PageActionDescriptor>() is { AreaName: "Identity" })
        .Select(e => "/" + e.RoutePattern.RawText!.TrimStart('/'))
        .Where(p => !p.EndsWith("/Logout", StringComparison.Ordinal))
        .Distinct()
        .Order(StringComparer.Ordinal)
        .ToList();
}
