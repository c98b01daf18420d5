using System.Net;
using DocChat.Web.Extensions;
using DocChat.Web.Tests.Infrastructure;

namespace DocChat.Web.Tests.Controllers;

public sealed class LoginSessionTests : SignedInTest
{
    [Fact]
    public async Task ReplayedAuthCookie_AfterLogout_NoLongerReachesAnything()
    {
        await Browser.SendAsync("private question");
        var stolen = Browser.Cookie(IdentityExtensions.AuthCookieName)!.Value;
        await Browser.LogoutAsync();

        using var attacker = Factory.CreateBrowser();
        attacker.Cookies.Add(new Cookie(IdentityExtensions.AuthCookieName, stolen, "/", "localhost"));
        var response = await attacker.Http.GetAsync("/Chat");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("http://localhost/Identity/Account/Login", response.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PasswordChange_SignsOutTheUsersOtherLogins_AndKeepsThisOne()
    {
        var email = await Factory.WithDbAsync(db => Task.FromResult(db.Users.Single(u => u.Id == UserId).Email!));
        using var laptop = Factory.CreateBrowser();
        await laptop.LoginAsync(email);
        await laptop.GetAsync("/Chat");

        var page = await Browser.GetAsync("/Identity/Account/Manage/ChangePassword");
        var changed = await Browser.SubmitAsync(page.Form("#change-password-form"), new Dictionary<string, string>
        {
            ["Input.OldPassword"] = Accounts.Password,
            ["Input.NewPassword"] = "a brand new passphrase",
            ["Input.ConfirmPassword"] = "a brand new passphrase",
        });

        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        await Browser.GetAsync("/Chat");
        Assert.Equal(HttpStatusCode.Redirect, (await laptop.Http.GetAsync("/Chat")).StatusCode);
    }

    [Fact]
    public async Task SignedInPages_DoNotReissueTheLoginCookie()
    {
        await Browser.GetAsync("/Chat");

        var response = await Browser.Http.GetAsync("/Chat");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var cookies = response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [];
        Assert.DoesNotContain(cookies, c => c.StartsWith(IdentityExtensions.AuthCookieName + "=", StringComparison.Ordinal));
    }
}
