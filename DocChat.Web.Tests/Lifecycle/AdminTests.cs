using System.Net;
using AngleSharp.Dom;
using DocChat.Web.Data.Entities;
using DocChat.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DocChat.Web.Tests.Lifecycle;

/// <summary>/Admin: the first account administers the installation and never sees anyone's content.</summary>
public sealed class AdminTests : IDisposable
{
    private readonly ManualClock clock = new();
    private readonly DocChatFactory factory;
    private readonly TestBrowser admin;

    public AdminTests()
    {
        factory = new DocChatFactory(new Dictionary<string, string?> { ["DocChat:Admin:Email"] = "second-admin@example.test" },
            services: services => services.AddSingleton<TimeProvider>(clock));
        admin = factory.CreateBrowser();
    }

    public void Dispose()
    {
        admin.Dispose();
        factory.Dispose();
    }

    [Fact]
    public async Task TheFirstAccount_IsTheAdministrator_EveryoneElseGetsA404()
    {
        var adminEmail = await admin.RegisterAsync();
        var chat = await admin.GetAsync("/Chat");
        Assert.NotNull(chat.Document.QuerySelector("#admin-link"));
        var page = await admin.GetAsync("/Admin");
        Assert.Contains(adminEmail, page.Document.QuerySelector("#users")!.TextContent);

        using var user = factory.CreateBrowser();
        var userEmail = await user.RegisterAsync();
        Assert.Null((await user.GetAsync("/Chat")).Document.QuerySelector("#admin-link"));
        await user.GetAsync("/Admin", HttpStatusCode.NotFound);
        var token = await user.AntiforgeryTokenAsync();
        foreach (var url in new[] { "/Admin/Invites", "/Admin/RegistrationMode", $"/Admin/Users/{await factory.UserIdAsync(adminEmail)}/Lock" })
        {
            var response = await user.Http.PostAsync(url, new FormUrlEncodedContent([new("__RequestVerificationToken", token), new("RegistrationMode", "Closed")]));
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }

        Assert.Contains("Security: refused GET /Admin for user", factory.ReadLogs(), StringComparison.Ordinal);
        Assert.Equal(0, await factory.CountAsync<Invite>());
        Assert.Equal(RegistrationMode.Open, await factory.WithDbAsync(db => db.InstanceSettings.Select(s => s.RegistrationMode).SingleAsync()));
        Assert.Null((await factory.WithDbAsync(db => db.Users.SingleAsync(u => u.Email == adminEmail))).LockoutEnd);
        Assert.NotNull(userEmail);
    }

    [Fact]
    public async Task TheConfiguredEmail_IsAnAdministratorToo()
    {
        await admin.RegisterAsync();
        using var second = factory.CreateBrowser();
        await second.RegisterAsync("second-admin@example.test");

        await second.GetAsync("/Admin");
    }

    [Fact]
    public async Task TheAdminPage_ShowsCountsAndDates_ButNoContent_AndErasesAnAccountCompletely()
    {
        var adminEmail = await admin.RegisterAsync();
        using var user = factory.CreateBrowser();
        string Marker(string what) => $"{what}{Guid.NewGuid():N}"[..19] + "7";
        var (title, question, name, text) = (Marker("title"), Marker("question"), Marker("name"), Marker("text"));
        var userEmail = await user.RegisterAsync();
        await user.UploadAsync(ChatActions.TextFile($"{name}.txt", $"The {text} okapi lives in the forest."));
        var chat = await user.SendAsync($"Where does the okapi live? {question}");
        await user.SubmitAndFollowAsync(chat.Form("#session-list .rename-form"), new Dictionary<string, string> { ["Title"] = title });
        var markers = new[] { title, question, name, text };

        var page = await admin.GetAsync("/Admin");
        var row = page.Document.QuerySelectorAll("#users tr.user").Single(r => r.QuerySelector(".user-email")!.TextContent.Contains(userEmail));
        Assert.Equal("1", row.QuerySelector(".user-sessions")!.TextContent.Trim());
        Assert.Equal("1", row.QuerySelector(".user-documents")!.TextContent.Trim());
        Assert.Equal("Active", row.QuerySelector(".user-status")!.TextContent.Trim());
        var confirm = await admin.GetAsync(row.QuerySelector("a.erase-link")!.GetAttribute("href")!);
        var shown = page.Document.DocumentElement.OuterHtml + confirm.Document.DocumentElement.OuterHtml;
        Assert.All(markers, m => Assert.DoesNotContain(m, shown, StringComparison.OrdinalIgnoreCase));

        var erased = await admin.SubmitAndFollowAsync(confirm.Form("#erase-account-form"));

        Assert.StartsWith("Account erased with everything in it: 1 chats, 2 messages, 1 documents, 1 passages.", erased.Document.QuerySelector("#status-message")!.TextContent.Trim());
        Assert.DoesNotContain(userEmail, erased.Document.QuerySelector("#users")!.TextContent);
        foreach (var marker in markers.Append(userEmail.Split('@')[0]))
        {
            Assert.True(await factory.ErasedFromFilesAsync(marker), $"{marker} is still in the database files.");
        }

        var logs = factory.ReadLogs();
        Assert.Contains($"Security: administrator {await factory.UserIdAsync(adminEmail)} erased account", logs, StringComparison.Ordinal);
        Assert.All(markers, m => Assert.DoesNotContain(m, logs, StringComparison.OrdinalIgnoreCase));
        Assert.Equal(HttpStatusCode.Redirect, (await user.Http.GetAsync("/Chat")).StatusCode);
    }

    [Fact]
    public async Task RegistrationModes_Closed_And_InviteOnly_WithSingleUseExpiringLinks()
    {
        await admin.RegisterAsync();
        using var visitor = factory.CreateBrowser();
        var openForm = (await visitor.GetAsync("/Identity/Account/Register")).Form("#registerForm");

        var page = await SetModeAsync("Closed");
        Assert.Equal("Registration is closed: no new accounts.", page.Document.QuerySelector("#status-message")!.TextContent.Trim());
        var closed = await visitor.GetAsync("/Identity/Account/Register", HttpStatusCode.Forbidden);
        Assert.Equal("closed", closed.Document.QuerySelector("#registration-mode")!.GetAttribute("data-mode"));
        Assert.Null(closed.Document.QuerySelector("#registerForm"));
        var refused = await visitor.SubmitAsync(openForm, NewAccount());
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);

        await SetModeAsync("InviteOnly");
        var inviteOnly = await visitor.GetAsync("/Identity/Account/Register");
        Assert.Equal("invite-only", inviteOnly.Document.QuerySelector("#registration-mode")!.GetAttribute("data-mode"));
        Assert.Null(inviteOnly.Document.QuerySelector("#registerForm"));
        Assert.Equal(HttpStatusCode.BadRequest, (await visitor.SubmitAsync(openForm, NewAccount())).StatusCode);

        var link = await CreateInviteAsync();
        var invited = await visitor.GetAsync(link);
        var form = invited.Form("#registerForm");
        var response = await visitor.SubmitAsync(form, NewAccount());
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        await visitor.GetAsync("/Chat");
        Assert.Equal(2, await factory.CountAsync<DocChatUser>());

        using var another = factory.CreateBrowser();
        var invite = System.Web.HttpUtility.ParseQueryString(new Uri("http://localhost" + link).Query)["invite"]!;
        var reused = await AnonymousPostAsync(another, "/Identity/Account/Register", new Dictionary<string, string>(NewAccount()) { ["Invite"] = invite });
        Assert.Equal(HttpStatusCode.BadRequest, reused.StatusCode);
        Assert.Contains("has been used or has expired", (await TestBrowser.ParseAsync(reused)).Document.QuerySelector("#register-errors")!.TextContent);
        Assert.Null((await another.GetAsync(link)).Document.QuerySelector("#registerForm"));
        Assert.Contains("Used", (await admin.GetAsync("/Admin")).Document.QuerySelector("#invites .invite-status")!.TextContent);

        var expiring = await CreateInviteAsync();
        clock.Advance(TimeSpan.FromDays(8));
        await admin.LoginAsync(ExistingAdminEmail());
        Assert.Null((await another.GetAsync(expiring)).Document.QuerySelector("#registerForm"));
        Assert.Equal(2, await factory.CountAsync<DocChatUser>());

        var invalid = await admin.SubmitAsync((await admin.GetAsync("/Admin")).Form("#registration-form"), new Dictionary<string, string> { ["RegistrationMode"] = "Everyone" });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal("Choose Open, InviteOnly or Closed.", (await TestBrowser.ParseAsync(invalid)).Document.QuerySelector("#registration-error")!.TextContent.Trim());
    }

    [Fact]
    public async Task LockingAnAccount_EndsItsLogins_UntilUnlocked()
    {
        await admin.RegisterAsync();
        using var user = factory.CreateBrowser();
        var email = await user.RegisterAsync();

        var locked = await admin.SubmitAndFollowAsync(RowForm(await admin.GetAsync("/Admin"), email, ".lock-form"));
        Assert.Equal("Locked", UserRow(locked, email).QuerySelector(".user-status")!.TextContent.Trim());

        var response = await user.Http.GetAsync("/Chat");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.NotEqual(HttpStatusCode.Redirect, (await user.LoginAsync(email)).StatusCode);

        var unlocked = await admin.SubmitAndFollowAsync(RowForm(locked, email, ".unlock-form"));
        Assert.Equal("Active", UserRow(unlocked, email).QuerySelector(".user-status")!.TextContent.Trim());
        Assert.Equal(HttpStatusCode.Redirect, (await user.LoginAsync(email)).StatusCode);

        var logs = factory.ReadLogs();
        Assert.Contains("Security: administrator", logs, StringComparison.Ordinal);
        Assert.Contains($"locked account {await factory.UserIdAsync(email)}", logs, StringComparison.Ordinal);
        Assert.Contains($"unlocked account {await factory.UserIdAsync(email)}", logs, StringComparison.Ordinal);
    }

    [Fact]
    public async Task APasswordResetLink_SetsANewPasswordOnce_AndExpires()
    {
        await admin.RegisterAsync();
        using var user = factory.CreateBrowser();
        var email = await user.RegisterAsync();
        await user.LogoutAsync();

        var link = await ResetLinkAsync(email);
        using var anonymous = factory.CreateBrowser();
        var page = await anonymous.GetAsync(link);
        var form = page.Form("#new-password-form");
        var login = await anonymous.SubmitAndFollowAsync(form, new Dictionary<string, string> { ["Input.Password"] = "a brand new passphrase", ["Input.ConfirmPassword"] = "a brand new passphrase" });
        Assert.Equal("Your new password is set. Log in with it.", login.Document.QuerySelector("#status-message")!.TextContent.Trim());
        Assert.Equal(HttpStatusCode.Redirect, (await anonymous.LoginAsync(email, "a brand new passphrase")).StatusCode);
        Assert.NotEqual(HttpStatusCode.Redirect, (await user.LoginAsync(email)).StatusCode);

        using var third = factory.CreateBrowser();
        var again = await AnonymousPostAsync(third, link, new Dictionary<string, string> { ["Input.Password"] = "yet another passphrase", ["Input.ConfirmPassword"] = "yet another passphrase" });
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.NotNull((await TestBrowser.ParseAsync(again)).Document.QuerySelector("#link-unusable"));
        await anonymous.GetAsync(link, HttpStatusCode.BadRequest);
        Assert.Contains($"Security: administrator {await factory.UserIdAsync(ExistingAdminEmail())} created a password-reset link for account {await factory.UserIdAsync(email)}", factory.ReadLogs(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task APasswordResetLink_Expires()
    {
        // Identity checks a reset token's age on the system clock, so this link lives 1.8 seconds.
        using var shortLinks = new DocChatFactory(new Dictionary<string, string?> { ["DocChat:Admin:ResetLinkHours"] = "0.0005" });
        using var administrator = shortLinks.CreateBrowser();
        await administrator.RegisterAsync();
        using var user = shortLinks.CreateBrowser();
        var email = await user.RegisterAsync();
        var admin = await administrator.GetAsync("/Admin");
        var page = await administrator.SubmitAndFollowAsync(RowForm(admin, email, ".reset-link-form"));
        var link = new Uri(page.Document.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("#new-link")!.Value).PathAndQuery;
        using var anonymous = shortLinks.CreateBrowser();
        await anonymous.GetAsync(link);

        await Task.Delay(TimeSpan.FromSeconds(2.5));

        Assert.NotNull((await anonymous.GetAsync(link, HttpStatusCode.BadRequest)).Document.QuerySelector("#link-unusable"));
    }

    [Fact]
    public async Task TheAdministrator_CannotLockOrEraseTheirOwnAccountHere()
    {
        var email = await admin.RegisterAsync();
        var id = await factory.UserIdAsync(email);
        var token = await admin.AntiforgeryTokenAsync();

        foreach (var action in new[] { "Lock", "Erase" })
        {
            var response = await admin.Http.PostAsync($"/Admin/Users/{id}/{action}", new FormUrlEncodedContent([new("__RequestVerificationToken", token)]));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }

        Assert.Equal(1, await factory.CountAsync<DocChatUser>());
        await admin.GetAsync("/Admin");
    }

    private async Task<Page> SetModeAsync(string mode) =>
        await admin.SubmitAndFollowAsync((await admin.GetAsync("/Admin")).Form("#registration-form"), new Dictionary<string, string> { ["RegistrationMode"] = mode });

    private async Task<string> CreateInviteAsync()
    {
        var page = await admin.SubmitAndFollowAsync((await admin.GetAsync("/Admin")).Form("#invite-form"));
        return new Uri(page.Document.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("#new-link")!.Value).PathAndQuery;
    }

    private async Task<string> ResetLinkAsync(string email)
    {
        var page = await admin.SubmitAndFollowAsync(RowForm(await admin.GetAsync("/Admin"), email, ".reset-link-form"));
        return new Uri(page.Document.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("#new-link")!.Value).PathAndQuery;
    }

    private string ExistingAdminEmail() =>
        factory.WithDbAsync(db => db.InstanceSettings.Join(db.Users, s => s.AdministratorUserId, u => u.Id, (_, u) => u.Email!).SingleAsync()).GetAwaiter().GetResult();

    private static AngleSharp.Dom.IElement UserRow(Page page, string email) =>
        page.Document.QuerySelectorAll("#users tr.user").Single(r => r.QuerySelector(".user-email")!.TextContent.Contains(email));

    /// <summary>A form post as a browser that has a valid antiforgery token of its own (from the login page) would send it.</summary>
    private static async Task<HttpResponseMessage> AnonymousPostAsync(TestBrowser browser, string url, Dictionary<string, string> fields)
    {
        var token = (await browser.GetAsync("/Identity/Account/Login")).AntiforgeryToken("#account");
        return await browser.Http.PostAsync(url, new FormUrlEncodedContent(fields.Append(new("__RequestVerificationToken", token))));
    }

    private static AngleSharp.Html.Dom.IHtmlFormElement RowForm(Page page, string email, string selector) =>
        UserRow(page, email).QuerySelector<AngleSharp.Html.Dom.IHtmlFormElement>(selector)!;

    private static Dictionary<string, string> NewAccount() => new()
    {
        ["Input.Email"] = Accounts.NewEmail(),
        ["Input.Password"] = Accounts.Password,
        ["Input.ConfirmPassword"] = Accounts.Password,
    };
}
