using System.Net;
using DocChat.Web.Data.Entities;
using DocChat.Web.Services.Chat;
using DocChat.Web.Tests.Infrastructure;

namespace DocChat.Web.Tests.Controllers;

public sealed class ClearTests : IAsyncLifetime
{
    private readonly DocChatFactory factory = new();
    private TestBrowser browser = null!;
    private string userId = null!;

    public async Task InitializeAsync()
    {
        browser = factory.CreateBrowser();
        userId = await factory.UserIdAsync(await browser.RegisterAsync());
    }

    public Task DisposeAsync()
    {
        browser.Dispose();
        factory.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Post_Clear_Messages_EmptiesCurrentSession_KeepsSessionId()
    {
        await browser.SendAsync("first question");
        var before = await factory.OnlySessionAsync(userId);

        var page = await browser.ClearAsync("messages");

        Assert.Equal("Conversation cleared", page.Document.QuerySelector("#status-message")!.TextContent.Trim());
        Assert.NotNull(page.Document.QuerySelector("#empty-conversation"));
        var after = await factory.OnlySessionAsync(userId);
        Assert.Equal(before.Id, after.Id);
        Assert.Equal(before.Title, after.Title);
        Assert.True(after.UpdatedUtc > before.UpdatedUtc);
        Assert.Empty(await factory.MessagesAsync(after.Id));
    }

    [Fact]
    public async Task Post_Clear_Session_ErasesTheSession_AndStartsANewOneTheCookieFollows()
    {
        await browser.SendAsync("first question");
        var old = await factory.OnlySessionAsync(userId);

        var page = await browser.ClearAsync("session");

        Assert.Equal("Started a new session", page.Document.QuerySelector("#status-message")!.TextContent.Trim());
        Assert.NotNull(page.Document.QuerySelector("#empty-conversation"));
        var fresh = await factory.OnlySessionAsync(userId);
        Assert.NotEqual(old.Id, fresh.Id);
        Assert.Empty(await factory.MessagesAsync(old.Id));
        Assert.Equal(0, await factory.CountAsync<ChatMessage>());

        // The cookie now names the new session: sending lands there.
        await browser.SendAsync("in the new session");
        Assert.Equal(2, (await factory.MessagesAsync(fresh.Id)).Count);
    }

    [Fact]
    public async Task Post_Clear_WithoutScope_ClearsMessagesOnly()
    {
        await browser.SendAsync("first question");
        var session = await factory.OnlySessionAsync(userId);
        var page = await browser.GetAsync("/Chat");

        var response = await browser.SubmitAsync(page.Form("#clear-form"));

        ChatActions.AssertRedirectTo(response, "/Chat");
        Assert.Equal(session.Id, (await factory.OnlySessionAsync(userId)).Id);
        Assert.Empty(await factory.MessagesAsync(session.Id));
    }

    [Fact]
    public async Task Post_Clear_UnknownScope_Returns400_AndChangesNothing()
    {
        await browser.SendAsync("first question");
        var session = await factory.OnlySessionAsync(userId);
        var page = await browser.GetAsync("/Chat");

        var response = await browser.SubmitAsync(
            page.Form("#clear-form"), new Dictionary<string, string> { ["Scope"] = "everything" }, page.Button("#clear-form button[value=session]"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var rendered = await TestBrowser.ParseAsync(response);
        Assert.Equal(ClearScopes.InvalidMessage, rendered.Document.QuerySelector("#clear-error")!.TextContent.Trim());
        Assert.Equal(2, (await factory.MessagesAsync(session.Id)).Count);
    }

    [Theory]
    [InlineData("messages")]
    [InlineData("session")]
    public async Task Post_Clear_LeavesNoTraceOfTheMessagesInTheDatabaseFiles(string scope)
    {
        var marker = $"unique-marker-{Guid.NewGuid():N}";
        await browser.SendAsync($"Please remember {marker} for me");
        await browser.SendAsync($"{marker} again, with a long tail {new string('z', 6_000)}");
        Assert.True(factory.DatabaseFilesContain(marker), "The marker must be on disk before the clear, or this test proves nothing.");

        await browser.ClearAsync(scope);

        Assert.False(factory.DatabaseFilesContain(marker), "A cleared message's text is still in the database or its WAL.");
    }

    [Fact]
    public async Task Post_Clear_WithoutAntiforgeryToken_Returns400_AndChangesNothing()
    {
        await browser.SendAsync("first question");
        var session = await factory.OnlySessionAsync(userId);
        var page = await browser.GetAsync("/Chat");
        var fields = FormFields.Collect(page.Form("#clear-form"), page.Button("#clear-form button[value=session]"), null)
            .Where(f => f.Key != "__RequestVerificationToken");

        var response = await browser.Http.PostAsync("/Chat/Clear", new FormUrlEncodedContent(fields));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull((await TestBrowser.ParseAsync(response)).Document.QuerySelector("#antiforgery-failed"));
        Assert.Equal(2, (await factory.MessagesAsync(session.Id)).Count);
        Assert.Contains("Security: antiforgery validation failed for POST /Chat/Clear", factory.ReadLogs(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_Send_WithAnotherUsersAntiforgeryToken_Returns400_AndStoresNothing()
    {
        using var other = factory.CreateBrowser();
        await other.RegisterAsync();
        var otherPage = await other.GetAsync("/Chat");
        var page = await browser.GetAsync("/Chat");

        // The other user's token, posted with this user's cookies.
        var fields = FormFields.Collect(otherPage.Form("#message-form"), null, new Dictionary<string, string> { ["Message"] = "forged" });
        var response = await browser.Http.PostAsync(page.Form("#message-form").GetAttribute("action"), new FormUrlEncodedContent(fields));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, await factory.CountAsync<ChatMessage>());
    }

    [Theory]
    [InlineData("/Chat/Clear")]
    [InlineData("/Chat/Clear?Scope=session")]
    [InlineData("/api/sessions/clear")]
    public async Task Get_ClearUrls_NeverClearAnything(string url)
    {
        await browser.SendAsync("first question");
        var session = await factory.OnlySessionAsync(userId);

        var response = await browser.Http.GetAsync(url);

        Assert.True((int)response.StatusCode is 404 or 405, $"GET {url} answered {(int)response.StatusCode}.");
        Assert.Equal(session.Id, (await factory.OnlySessionAsync(userId)).Id);
        Assert.Equal(2, (await factory.MessagesAsync(session.Id)).Count);
    }
}
