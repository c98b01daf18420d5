using System.Net;

namespace DocChat.Web.Tests.Infrastructure;

/// <summary>Registering and logging in through the real Identity UI forms.</summary>
public static class Accounts
{
    public const string Password = "correct horse battery";

    public static string NewEmail() => $"user-{Guid.NewGuid():N}@example.test";

    public static async Task<string> RegisterAsync(this TestBrowser browser, string? email = null, string password = Password)
    {
        email ??= NewEmail();
        var page = await browser.GetAsync("/Identity/Account/Register");
        var response = await browser.SubmitAsync(page.Form("#registerForm"), new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
            ["Input.ConfirmPassword"] = password,
        });
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"Registration failed: {await response.Content.ReadAsStringAsync()}");
        return email;
    }

    public static async Task<HttpResponseMessage> LoginAsync(this TestBrowser browser, string email, string password = Password)
    {
        var page = await browser.GetAsync("/Identity/Account/Login");
        return await browser.SubmitAsync(page.Form("#account"), new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        });
    }

    public static async Task LogoutAsync(this TestBrowser browser)
    {
        var page = await browser.GetAsync("/Chat");
        var response = await browser.SubmitAsync(page.Form("#logout-form"));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }
}
