using DocChat.Web.Tests.Infrastructure;
using Microsoft.Playwright;

namespace DocChat.Web.Tests.Browser;

/// <summary>An administrator closes registration to invites and invites a colleague, in Chromium (its own app: the first account is the administrator).</summary>
public sealed class AdminBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task TheAdministrator_InvitesAUser_WhoRegistersWithTheLink()
    {
        var admin = await NewPageAsync();
        await BrowserSteps.RegisterAsync(admin);
        await admin.ClickAsync("#admin-link");
        await admin.WaitForURLAsync("**/Admin");

        await admin.SelectOptionAsync("#registration-mode", "InviteOnly");
        await admin.ClickAsync("#registration-form button[type=submit]");
        await Assertions.Expect(admin.Locator("#status-message")).ToContainTextAsync("invite-only");
        await admin.ClickAsync("#invite-form button[type=submit]");
        await Assertions.Expect(admin.Locator("#status-message")).ToContainTextAsync("Invite link created");
        var link = await admin.InputValueAsync("#new-link");

        var stranger = await NewPageAsync();
        await stranger.GotoAsync("/Identity/Account/Register");
        await Assertions.Expect(stranger.Locator("#registration-mode")).ToContainTextAsync("invite-only");
        await Assertions.Expect(stranger.Locator("#registerForm")).ToHaveCountAsync(0);

        var invited = await NewPageAsync();
        await invited.GotoAsync(link);
        var email = Accounts.NewEmail();
        await invited.FillAsync("#Input_Email", email);
        await invited.FillAsync("#Input_Password", Accounts.Password);
        await invited.FillAsync("#Input_ConfirmPassword", Accounts.Password);
        await invited.ClickAsync("#registerSubmit");
        await invited.WaitForURLAsync("**/Chat");
        await Assertions.Expect(invited.Locator("#current-user")).ToHaveTextAsync(email);
        await Assertions.Expect(invited.Locator("#admin-link")).ToHaveCountAsync(0);

        await admin.ReloadAsync();
        await Assertions.Expect(admin.Locator("#user-count")).ToHaveTextAsync("2");
        await Assertions.Expect(admin.Locator("#users tr.user", new() { HasText = email })).ToHaveCountAsync(1);
        await Assertions.Expect(admin.Locator("#invites .invite-status").First).ToContainTextAsync("Used");
    }

    private async Task<IPage> NewPageAsync()
    {
        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = fixture.BaseAddress.ToString() });
        return await context.NewPageAsync();
    }
}
