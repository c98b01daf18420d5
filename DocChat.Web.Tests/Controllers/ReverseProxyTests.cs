using System.Net;
using DocChat.Web.Tests.Infrastructure;

namespace DocChat.Web.Tests.Controllers;

/// <summary>
/// Cookies over HTTPS, and HTTPS as a TLS-terminating reverse proxy reports it (issue 12).
/// </summary>
[Trait("Provider", "Any")]
public sealed class ReverseProxyTests
{
    [Fact]
    public async Task OverHttps_EveryCookieDocChatSets_IsSecure()
    {
        using var factory = new DocChatFactory();
        using var browser = factory.CreateBrowser("https://localhost");

        await browser.RegisterAsync();
        var upload = await browser.TryUploadAsync(ChatActions.TextFile("notes.txt", "Notes about secure cookies."));
        await browser.SendAsync("secure cookies");

        var tempData = Assert.Single(upload.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".AspNetCore.Mvc.CookieTempDataProvider=", StringComparison.Ordinal));
        Assert.Contains("secure", tempData, StringComparison.OrdinalIgnoreCase);
        var cookies = browser.Cookies.GetAllCookies();
        foreach (var name in new[] { "DocChat.Auth", "DocChat.Session", ".AspNetCore.Antiforgery" })
        {
            Assert.Contains(cookies, c => c.Name.StartsWith(name, StringComparison.Ordinal));
        }

        Assert.All(cookies, cookie => Assert.True(cookie.Secure, $"{cookie.Name} is not Secure"));
    }

    [Fact]
    public async Task BehindATrustedProxy_XForwardedProtoHttps_MakesCookiesSecure_AndSendsHsts()
    {
        using var factory = new DocChatFactory(environment: "Production");
        var response = await GetLoginThroughProxyAsync(factory);

        Assert.Contains(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".AspNetCore.Antiforgery", StringComparison.Ordinal) && c.Contains("secure", StringComparison.OrdinalIgnoreCase));
        Assert.Equal("max-age=31536000; includeSubDomains", Assert.Single(response.Headers.GetValues("Strict-Transport-Security")));
    }

    [Fact]
    public async Task FromAnAddressThatIsNotAKnownProxy_ForwardedHeadersAreIgnored()
    {
        using var factory = new DocChatFactory(new Dictionary<string, string?> { ["DocChat:ReverseProxy:KnownProxies:0"] = "192.0.2.10" }, environment: "Production");
        var response = await GetLoginThroughProxyAsync(factory);

        Assert.DoesNotContain(response.Headers.GetValues("Set-Cookie"), c => c.Contains("secure", StringComparison.OrdinalIgnoreCase));
        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public void AProxyAddressThatIsNotAnAddress_StopsTheAppAtStartUp_SayingWhatToFix()
    {
        using var factory = new DocChatFactory(new Dictionary<string, string?> { ["DocChat:ReverseProxy:KnownNetworks:0"] = "10.0.0.0/33" });

        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        Assert.Contains("DocChat:ReverseProxy:KnownNetworks: '10.0.0.0/33' is not a network", error.ToString(), StringComparison.Ordinal);
    }

    /// <summary>A request as nginx forwards it after terminating TLS: plain HTTP from loopback, with X-Forwarded-Proto.</summary>
    private static async Task<HttpResponseMessage> GetLoginThroughProxyAsync(DocChatFactory factory)
    {
        factory.UseKestrel(0);
        factory.StartServer();
        Uri address;
        using (var started = factory.CreateClient())
        {
            address = started.BaseAddress!;
        }

        using var client = new HttpClient(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = address };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/Identity/Account/Login");
        request.Headers.Host = "docchat.example"; // nginx passes the public host on (HSTS skips localhost)
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-For", "203.0.113.7");

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return response;
    }
}
