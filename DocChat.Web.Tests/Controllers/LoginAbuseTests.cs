using DocChat.Web.Data.Entities;
using System.Net;
using System.Text;
using DocChat.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DocChat.Web.Tests.Controllers;

/// <summary>
/// What outside attack tools found at the login (issue 12): unreadable forms, odd values, field
/// tricks around the per-account limit, and the ways a login could tell whether an account exists.
/// </summary>
public sealed class LoginAbuseTests : IDisposable
{
    private readonly DocChatFactory factory = new(new Dictionary<string, string?>
    {
        ["DocChat:RateLimits:LoginPerAddress"] = "20",
        ["DocChat:RateLimits:LoginPerAccount"] = "3",
    }, services: services => services.AddScoped<IPasswordHasher<DocChatUser>>(provider =>
        new CountingPasswordHasher(new PasswordHasher<DocChatUser>(provider.GetRequiredService<IOptions<PasswordHasherOptions>>()))));

    public void Dispose() => factory.Dispose();

    public static TheoryData<string, HttpContent> UnreadableForms()
    {
        var multipart = new StringContent("--XX\r\nContent-Disposition: form-data; name=\"Input.Email\"\r\n\r\nsomeone", Encoding.ASCII);
        multipart.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("multipart/form-data; boundary=XX");
        return new TheoryData<string, HttpContent>
        {
            { "a NUL character", new StringContent("Input.Email=%00&Input.Password=x", Encoding.ASCII, "application/x-www-form-urlencoded") },
            { "1,100 fields", new StringContent(string.Join('&', Enumerable.Range(0, 1_100).Select(i => $"f{i}=1")), Encoding.ASCII, "application/x-www-form-urlencoded") },
            { "a multipart body cut short", multipart },
        };
    }

    [Theory]
    [MemberData(nameof(UnreadableForms))]
    public async Task Login_WithAnUnreadableForm_NoCookieNoToken_Answers400(string what, HttpContent body)
    {
        using var client = factory.CreateClient();

        var response = await client.PostAsync("/Identity/Account/Login", body);

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{what}: {(int)response.StatusCode}");
        var page = await TestBrowser.ParseAsync(response);
        Assert.Equal("The form could not be read. Reload the page and try again.", page.Document.QuerySelector("#bad-form")!.TextContent);
        Assert.DoesNotContain("Unhandled error", factory.ReadLogs(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnreadableForms_FromOneAddress_AreRateLimited_NeverA500()
    {
        using var client = factory.CreateClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 30; i++)
        {
            var response = await client.PostAsync("/Identity/Account/Login", new StringContent("Input.Email=%00", Encoding.ASCII, "application/x-www-form-urlencoded"));
            statuses.Add(response.StatusCode);
        }

        Assert.All(statuses.Take(20), s => Assert.Equal(HttpStatusCode.BadRequest, s));
        Assert.All(statuses.Skip(20), s => Assert.Equal(HttpStatusCode.TooManyRequests, s));
        Assert.DoesNotContain("Unhandled error", factory.ReadLogs(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("on")]
    [InlineData("yes please")]
    public async Task Login_WithRememberMeThatIsNotABoolean_ReRendersTheFormWith400(string value)
    {
        using var browser = factory.CreateBrowser();
        var page = await browser.GetAsync("/Identity/Account/Login");

        var response = await browser.SubmitTamperedAsync(page.Form("#account"), fields =>
        {
            fields.RemoveAll(f => f.Key is "Input.Email" or "Input.Password" or "Input.RememberMe");
            fields.Add(new("Input.Email", "someone@example.test"));
            fields.Add(new("Input.Password", "whatever it is"));
            fields.Add(new("Input.RememberMe", value));
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var rendered = await TestBrowser.ParseAsync(response);
        Assert.NotNull(rendered.Document.QuerySelector("form#account input[name='Input.RememberMe'][type=checkbox]"));
    }

    [Fact]
    public async Task PerAccountLimit_CannotBeDodgedWithASecondEmailField()
    {
        using var attacker = factory.CreateBrowser();
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.BadRequest, (await attacker.LoginAsync("target@example.test", "guess " + i)).StatusCode);
        }

        var page = await attacker.GetAsync("/Identity/Account/Login");
        var response = await attacker.SubmitTamperedAsync(page.Form("#account"), fields =>
        {
            fields.RemoveAll(f => f.Key is "Input.Email" or "Input.Password");
            fields.Add(new("Input.Email", "target@example.test"));
            fields.Add(new("Input.Password", "guess 4"));
            fields.Add(new("Input.Email", $"decoy-{Guid.NewGuid():N}@example.test"));
        });

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
    }

    [Theory]
    [InlineData("/Identity/Account/RegisterConfirmation?email={0}")]
    [InlineData("/Identity/Account/ForgotPassword")]
    [InlineData("/Identity/Account/ResetPassword?code=abc")]
    [InlineData("/Identity/Account/ResendEmailConfirmation")]
    [InlineData("/Identity/Account/ConfirmEmail?userId=x&code=y")]
    [InlineData("/Identity/Account/Lockout")]
    [InlineData("/Identity/Account/Manage/Email")]
    [InlineData("/Identity/Account/Manage/ExternalLogins")]
    public async Task PagesThatNeedEmailOrRevealAccounts_AreNotServed(string url)
    {
        using var browser = factory.CreateBrowser();
        var realEmail = await browser.RegisterAsync();

        var forReal = await browser.Http.GetAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, url, Uri.EscapeDataString(realEmail)));
        var forUnknown = await browser.Http.GetAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, url, "nobody%40example.test"));

        Assert.Equal(HttpStatusCode.NotFound, forReal.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, forUnknown.StatusCode);
    }

    [Fact]
    public async Task FailedLogin_OfARealAccount_LooksLikeOneOfAnUnknownAccount_EvenWhenLocked()
    {
        using (var owner = factory.CreateBrowser())
        {
            await owner.RegisterAsync("real@example.test");
        }

        using var attacker = factory.CreateBrowser();
        var real = await attacker.LoginAsync("real@example.test", "wrong password");
        var unknown = await attacker.LoginAsync("unknown@example.test", "wrong password");
        await factory.WithDbAsync(async db =>
        {
            var user = db.Users.Single(u => u.NormalizedEmail == "REAL@EXAMPLE.TEST");
            user.LockoutEnd = DateTimeOffset.UtcNow.AddMinutes(15);
            await db.SaveChangesAsync();
        });
        var locked = await attacker.LoginAsync("real@example.test", Accounts.Password);

        foreach (var response in new[] { real, unknown, locked })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal(["Invalid login attempt."], (await TestBrowser.ParseAsync(response)).Texts("div.text-danger li"));
        }
    }

    [Fact]
    public async Task EveryPasswordLogin_ChecksExactlyOnePasswordHash()
    {
        using (var owner = factory.CreateBrowser())
        {
            await owner.RegisterAsync("owner@example.test");
        }

        using var visitor = factory.CreateBrowser();
        var checks = new Dictionary<string, int>();
        async Task CountAsync(string what, string email, string password)
        {
            var before = CountingPasswordHasher.Verifications;
            await visitor.LoginAsync(email, password);
            checks[what] = CountingPasswordHasher.Verifications - before;
        }

        await CountAsync("unknown account", "nobody@example.test", "some password");
        await CountAsync("wrong password", "owner@example.test", "wrong password");
        await factory.WithDbAsync(async db =>
        {
            db.Users.Single(u => u.NormalizedEmail == "OWNER@EXAMPLE.TEST").LockoutEnd = DateTimeOffset.UtcNow.AddMinutes(15);
            await db.SaveChangesAsync();
        });
        await CountAsync("locked account", "owner@example.test", Accounts.Password);

        Assert.Equal(new Dictionary<string, int> { ["unknown account"] = 1, ["wrong password"] = 1, ["locked account"] = 1 }, checks);
    }

    /// <summary>Counts password verifications (the slow part of a login, whose presence timing would reveal).</summary>
    private sealed class CountingPasswordHasher(IPasswordHasher<DocChatUser> inner) : IPasswordHasher<DocChatUser>
    {
        private static int verifications;

        public static int Verifications => Volatile.Read(ref verifications);

        public string HashPassword(DocChatUser user, string password) => inner.HashPassword(user, password);

        public PasswordVerificationResult VerifyHashedPassword(DocChatUser user, string hashedPassword, string providedPassword)
        {
            Interlocked.Increment(ref verifications);
            return inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }
}
