using DocChat.Web.Infrastructure;
using DocChat.Web.Tests.Infrastructure;

namespace DocChat.Web.Tests.Controllers;

[Trait("Provider", "Any")]
public sealed class SecurityHeadersTests
{
    [Theory]
    [InlineData("/")]
    [InlineData("/Identity/Account/Login")]
    [InlineData("/Chat")]
    [InlineData("/css/site.css")]
    public async Task EveryResponse_CarriesTheSecurityHeaders(string url)
    {
        using var factory = new DocChatFactory();
        using var browser = factory.CreateBrowser();

        var response = await browser.Http.GetAsync(url);

        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Equal(SecurityHeadersMiddleware.ContentSecurityPolicy, csp);
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("same-origin", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
    }

    [Fact]
    public async Task OutsideDevelopment_HttpsResponsesCarryAYearOfHsts()
    {
        using var factory = new DocChatFactory(environment: "Production");
        using var browser = factory.CreateBrowser("https://docchat.example");

        var response = await browser.Http.GetAsync("/Identity/Account/Login");

        Assert.Equal("max-age=31536000; includeSubDomains", Assert.Single(response.Headers.GetValues("Strict-Transport-Security")));
    }

    [Fact]
    public async Task InDevelopment_ThereIsNoHsts()
    {
        using var factory = new DocChatFactory();
        using var browser = factory.CreateBrowser("https://docchat.example");

        var response = await browser.Http.GetAsync("/Identity/Account/Login");

        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
    }
}
