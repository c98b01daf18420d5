using System.Net;
using DocChat.Web.Data.Entities;
using DocChat.Web.Services.Chat;
using DocChat.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace DocChat.Web.Tests.Controllers;

/// <summary>Clear as issue 2 specifies it: erased at once (no undo window; see UndoTests for the window).</summary>
public sealed class ClearTests() : SignedInTest(new Dictionary<string, string?> { ["DocChat:Clear:UndoSeconds"] = "0" })
{

    [Fact]
    public async Task Post_Clear_Messages_EmptiesCurrentSession_KeepsSessionId()
    {
        await Browser.SendAsync("first question");
        var before = await Factory.OnlySessionAsync(UserId);

        var page = await Browser.ClearAsync("messages");

        Assert.Equal("Conversation cleared", page.Document.QuerySelector("#status-message")!.TextContent.Trim());
        Assert.NotNull(page.Document.QuerySelector("#empty-conversation"));
        Assert.Null(page.Document.QuerySelector("#undo-banner")); // UndoSeconds = 0: erased at once, nothing to undo
        Assert.Equal(0, await Factory.CountAsync<ClearOperation>());
        var after = await Factory.OnlySessionAsync(UserId);
        Assert.Equal(before.Id, after.Id);

        // The automatic title was the first question: it goes with the messages.
        Assert.Equal(("first question", DocChat.Web.Data.Entities.ChatSession.DefaultTitle), (before.Title, after.Title));
        Assert.True(after.UpdatedUtc > before.UpdatedUtc);
        Assert.Empty(await Factory.MessagesAsync(after.Id));
    }

    [Fact]
    public async Task Post_Clear_Session_ErasesTheSession_AndStartsANewOneTheCookieFollows()
    {
        await Browser.SendAsync("first question");
        var old = await Factory.OnlySessionAsync(UserId);

        var page = await Browser.ClearAsync("session");

        Assert.Equal("Started a new session", page.Document.QuerySelector("#status-message")!.TextContent.Trim());
        Assert.NotNull(page.Document.QuerySelector("#empty-conversation"));
        var fresh = await Factory.OnlySessionAsync(UserId);
        Assert.NotEqual(old.Id, fresh.Id);
        Assert.Empty(await Factory.MessagesAsync(old.Id));
        Assert.Equal(0, await Factory.CountAsync<ChatMessage>());

        // The cookie now names the new session: sending lands there.
        await Browser.SendAsync("in the new session");
        Assert.Equal(2, (await Factory.MessagesAsync(fresh.Id)).Count);
    }

    [Fact]
    public async Task Post_Clear_WithoutScope_ClearsMessagesOnly()
    {
        await Browser.SendAsync("first question");
        var session = await Factory.OnlySessionAsync(UserId);
        var page = await Browser.ConfirmClearPageAsync("messages");
        var fields = FormFields.Collect(page.Form("#clear-form"), null, null).Where(f => f.Key != "Scope");

        var response = await Browser.Http.PostAsync("/Chat/Clear", new FormUrlEncodedContent(fields));

        ChatActions.AssertRedirectTo(response, "/Chat");
        Assert.Equal(session.Id, (await Factory.OnlySessionAsync(UserId)).Id);
        Assert.Empty(await Factory.MessagesAsync(session.Id));
    }

    [Fact]
    public async Task Post_Clear_UnknownScope_Returns400_AndChangesNothing()
    {
        await Browser.SendAsync("first question");
        var session = await Factory.OnlySessionAsync(UserId);
        var page = await Browser.ConfirmClearPageAsync("session");

        var response = await Browser.SubmitAsync(page.Form("#clear-form"), new Dictionary<string, string> { ["Scope"] = "everything" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var rendered = await TestBrowser.ParseAsync(response);
        Assert.Equal(ClearScopes.InvalidMessage, rendered.Document.QuerySelector("#clear-error")!.TextContent.Trim());
        Assert.Equal(2, (await Factory.MessagesAsync(session.Id)).Count);
    }

    [SqliteTheory]
    [InlineData("messages")]
    [InlineData("session")]
    public async Task Post_Clear_LeavesNoTraceOfTheMessagesInTheDatabaseFiles(string scope)
    {
        var marker = $"unique-marker-{Guid.NewGuid():N}";
        await Browser.SendAsync($"Please remember {marker} for me");
        await Browser.SendAsync($"{marker} again, with a long tail {new string('z', 6_000)}");
        Assert.True(Factory.DatabaseFilesContain(marker), "The marker must be on disk before the clear, or this test proves nothing.");

        await Browser.ClearAsync(scope);

        Assert.False(Factory.DatabaseFilesContain(marker), "A cleared message's text is still in the database or its WAL.");
    }

    [Fact]
    public async Task Post_Clear_WithoutAntiforgeryToken_Returns400_AndChangesNothing()
    {
        await Browser.SendAsync("first question");
        var session = await Factory.OnlySessionAsync(UserId);
        var page = await Browser.ConfirmClearPageAsync("session");
        var fields = FormFields.Collect(page.Form("#clear-form"), null, null)
            .Where(f => f.Key != "__RequestVerificationToken");

        var response = await Browser.Http.PostAsync("/Chat/Clear", new FormUrlEncodedContent(fields));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull((await TestBrowser.ParseAsync(response)).Document.QuerySelector("#antiforgery-failed"));
        Assert.Equal(2, (await Factory.MessagesAsync(session.Id)).Count);
        Assert.Contains("Security: antiforgery validation failed for POST /Chat/Clear", Factory.ReadLogs(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_Send_WithAnotherUsersAntiforgeryToken_Returns400_AndStoresNothing()
    {
        using var other = Factory.CreateBrowser();
        await other.RegisterAsync();
        var otherPage = await other.GetAsync("/Chat");
        var page = await Browser.GetAsync("/Chat");

        // The other user's token, posted with this user's cookies.
        var fields = FormFields.Collect(otherPage.Form("#message-form"), null, new Dictionary<string, string> { ["Message"] = "forged" });
        var response = await Browser.Http.PostAsync(page.Form("#message-form").GetAttribute("action"), new FormUrlEncodedContent(fields));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, await Factory.CountAsync<ChatMessage>());
    }

    [Fact]
    public async Task Post_Clear_WhenTheServerFails_ShowsTheErrorPageWith500()
    {
        var page = await Browser.ConfirmClearPageAsync("messages");
        await Factory.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("DROP TABLE \"ChatMessages\""));

        var response = await Browser.SubmitAsync(page.Form("#clear-form"));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("Something went wrong", (await TestBrowser.ParseAsync(response)).Document.QuerySelector("h1")!.TextContent.Trim());
    }

    [Theory]
    [InlineData("/Chat/Clear")]
    [InlineData("/Chat/Clear?Scope=session")]
    [InlineData("/api/sessions/clear")]
    public async Task Get_ClearUrls_NeverClearAnything(string url)
    {
        await Browser.SendAsync("first question");
        var session = await Factory.OnlySessionAsync(UserId);

        var response = await Browser.Http.GetAsync(url);

        Assert.True((int)response.StatusCode is 404 or 405, $"GET {url} answered {(int)response.StatusCode}.");
        Assert.Equal(session.Id, (await Factory.OnlySessionAsync(UserId)).Id);
        Assert.Equal(2, (await Factory.MessagesAsync(session.Id)).Count);
    }
}
