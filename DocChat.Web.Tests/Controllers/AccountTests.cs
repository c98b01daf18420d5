using System.Net;
using DocChat.Web.Tests.Infrastructure;

namespace DocChat.Web.Tests.Controllers;

public sealed class AccountTests : IDisposable
{
    private readonly DocChatFactory factory = new();

    public void Dispose() => factory.Dispose();

    [Fact]
    public async Task Register_SignsTheNewUserInAtOnce()
    {
        using var browser = factory.CreateBrowser();
        var email = await browser.RegisterAsync();

        var chat = await browser.GetAsync("/Chat");
        Assert.Equal(email, chat.Document.QuerySelector("#current-user")!.TextContent.Trim());
    }

    [Fact]
    public async Task Register_AcceptsEightPlainCharacters_RefusesSeven()
    {
        using var browser = factory.CreateBrowser();
        var page = await browser.GetAsync("/Identity/Account/Register");
        Assert.StartsWith("At least 8 characters.", page.Document.QuerySelector("#password-hint")!.TextContent, StringComparison.Ordinal);
        var refused = await browser.SubmitAsync(page.Form("#registerForm"), new Dictionary<string, string>
        {
            ["Input.Email"] = Accounts.NewEmail(),
            ["Input.Password"] = "abcdefg",
            ["Input.ConfirmPassword"] = "abcdefg",
        });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var errors = (await TestBrowser.ParseAsync(refused)).Texts("#password-error");
        Assert.Contains(errors, e => e.Contains("at least 8 characters", StringComparison.Ordinal));

        await browser.RegisterAsync(password: "abcdefgh");
        await browser.GetAsync("/Chat");
    }

    [Fact]
    public async Task Register_WithAVeryShortPassword_StatesTheRealRule()
    {
        using var browser = factory.CreateBrowser();
        var page = await browser.GetAsync("/Identity/Account/Register");

        var refused = await browser.SubmitAsync(page.Form("#registerForm"), new Dictionary<string, string>
        {
            ["Input.Email"] = Accounts.NewEmail(),
            ["Input.Password"] = "short",
            ["Input.ConfirmPassword"] = "short",
        });

        var rendered = await TestBrowser.ParseAsync(refused);
        Assert.Equal("Use a password of at least 8 characters.", rendered.Document.QuerySelector("#password-error")!.TextContent);
        Assert.DoesNotContain("at least 6", rendered.Document.Body!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_LocksTheAccountAfterFiveFailures()
    {
        string email;
        using (var owner = factory.CreateBrowser())
        {
            email = await owner.RegisterAsync();
        }

        using var attacker = factory.CreateBrowser();
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            var failed = await attacker.LoginAsync(email, "wrong password " + attempt);
            Assert.Equal(HttpStatusCode.BadRequest, failed.StatusCode);
            Assert.Contains("Invalid login attempt", await failed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // Locked: even the right password is refused, with the same answer as a wrong one (which
        // is also what an unknown account gets), and the page states the rule.
        var withRightPassword = await attacker.LoginAsync(email);
        Assert.Equal(HttpStatusCode.BadRequest, withRightPassword.StatusCode);
        var page = await TestBrowser.ParseAsync(withRightPassword);
        Assert.Equal(["Invalid login attempt."], page.Texts("div.text-danger li"));
        Assert.StartsWith("5 wrong passwords in a row lock an account for 15 minutes", page.Document.QuerySelector("#lockout-rule")!.TextContent.Trim(), StringComparison.Ordinal);
        await attacker.GetAsync("/Chat", HttpStatusCode.Redirect);
    }

    [Theory]
    [InlineData("/Chat")]
    [InlineData("/Chat?before=5")]
    [InlineData("/Documents")]
    public async Task AnonymousPageRequest_GoesToTheLoginPage(string url)
    {
        using var browser = factory.CreateBrowser();
        var response = await browser.Http.GetAsync(url);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("http://localhost/Identity/Account/Login?ReturnUrl=", response.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Logout_EndsTheLogin()
    {
        using var browser = factory.CreateBrowser();
        await browser.RegisterAsync();

        await browser.LogoutAsync();

        await browser.GetAsync("/Chat", HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task Login_WithTheRightPassword_OpensTheChat()
    {
        using var browser = factory.CreateBrowser();
        var email = await browser.RegisterAsync();
        await browser.LogoutAsync();

        var response = await browser.LoginAsync(email);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        await browser.GetAsync("/Chat");
    }
}
