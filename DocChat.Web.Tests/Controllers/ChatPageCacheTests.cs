using System.Net;
using DocChat.Web.Data.Entities;
using DocChat.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace DocChat.Web.Tests.Controllers;

/// <summary>
/// The chat page is served again as rendered while nothing on it changed (ChatPageCache). A page
/// served from the cache carries an Age header; these tests prove that a change made anywhere, in
/// the app or straight in the database (as another instance would), is on the very next page.
/// </summary>
public sealed class ChatPageCacheTests() : SignedInTest(new Dictionary<string, string?>
{
    ["DocChat:Clear:UndoSeconds"] = "6",
    // The purge (a change of its own) must not run before the undo offer ends by itself.
    ["DocChat:Clear:PurgeIntervalSeconds"] = "600",
})
{
    [Fact]
    public async Task ARepeatedView_IsServedFromTheCache_AndItsFormsStillPost()
    {
        await Browser.SendAsync("Where does the okapi live?");
        await Browser.GetAsync("/Chat");

        var cached = await Browser.GetAsync("/Chat");

        Assert.NotNull(cached.Response.Headers.Age);
        Assert.Equal(2, cached.Document.QuerySelectorAll("article.message").Length);
        // Only the page's own query parameters are kept: a made-up one is rendered every time.
        await Browser.GetAsync("/Chat?made-up=1");
        Assert.Null((await Browser.GetAsync("/Chat?made-up=1")).Response.Headers.Age);
        await Browser.GetAsync("/Chat?sessions=1");
        Assert.NotNull((await Browser.GetAsync("/Chat?sessions=1")).Response.Headers.Age);
        var sent = await Browser.SubmitAndFollowAsync(cached.Form("#message-form"), new Dictionary<string, string> { ["Message"] = "And what does it eat?" });
        Assert.Null(sent.Response.Headers.Age);
        Assert.Equal(4, sent.Document.QuerySelectorAll("article.message").Length);
    }

    [Fact]
    public async Task AChangeMadeStraightInTheDatabase_IsOnTheNextPage_ForEveryTableThePageShows()
    {
        var document = (await Browser.UploadAsync(ChatActions.TextFile("okapi.txt", "The okapi lives in the Ituri rainforest."))).Document;
        Assert.NotNull(document.QuerySelector("#documents tr.document"));
        await Browser.SendAsync("Where does the okapi live?");
        var session = await Factory.OnlySessionAsync(UserId);
        var documentId = await Factory.WithDbAsync(db => db.Documents.Where(d => d.UserId == UserId).Select(d => d.Id).SingleAsync());

        await AssertNextPageShowsAsync(
            db => db.ChatSessions.Where(s => s.Id == session.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.Title, "Renamed elsewhere")),
            page => Assert.Equal("Renamed elsewhere", page.Document.QuerySelector("#chat-title")!.TextContent.Trim()));
        await AssertNextPageShowsAsync(
            db => db.ChatMessages.Where(m => m.SessionId == session.Id && m.Role == MessageRole.User).ExecuteUpdateAsync(m => m.SetProperty(x => x.Content, "Edited elsewhere")),
            page => Assert.Contains("Edited elsewhere", page.Texts("article.message .message-content")));
        await AssertNextPageShowsAsync(
            db => db.Documents.Where(d => d.Id == documentId).ExecuteUpdateAsync(d => d.SetProperty(x => x.FileName, "renamed.txt")),
            page => Assert.Contains("renamed.txt", page.Document.QuerySelector("#answer-settings")!.TextContent, StringComparison.Ordinal));
        await AssertNextPageShowsAsync(
            db =>
            {
                db.SessionDocuments.Add(new SessionDocument { SessionId = session.Id, DocumentId = documentId });
                return db.SaveChangesAsync();
            },
            page => Assert.True(((AngleSharp.Html.Dom.IHtmlInputElement)page.Document.QuerySelector($"#scope-{documentId}")!).IsChecked));
        await AssertNextPageShowsAsync(
            async db =>
            {
                if (await db.UserPreferences.Where(p => p.UserId == UserId).ExecuteUpdateAsync(p => p.SetProperty(x => x.RetentionDays, 7)) == 0)
                {
                    db.UserPreferences.Add(new UserPreferences { UserId = UserId, RetentionDays = 7 });
                    await db.SaveChangesAsync();
                }
            },
            page => Assert.Equal("7", page.Document.QuerySelector("#retention-days")!.GetAttribute("value")));
        await AssertNextPageShowsAsync(
            db => db.ChatMessages.Where(m => m.SessionId == session.Id).ExecuteDeleteAsync(),
            page => Assert.NotNull(page.Document.QuerySelector("#empty-conversation")));
    }

    [Fact]
    public async Task TheIngestionsProgressAndLease_LeaveTheCachedPage()
    {
        await Browser.UploadAsync(ChatActions.TextFile("okapi.txt", "The okapi lives in the Ituri rainforest."));
        await Browser.GetAsync("/Chat"); // starts the chat (a cookie: not kept)
        await Browser.GetAsync("/Chat");
        Assert.NotNull((await Browser.GetAsync("/Chat")).Response.Headers.Age);

        // What the ingestion writes every second while it reads a document: not on the chat page.
        await Factory.WithDbAsync(db => db.Documents.Where(d => d.UserId == UserId).ExecuteUpdateAsync(d => d
            .SetProperty(x => x.PassagesIndexed, 7)
            .SetProperty(x => x.LeaseExpiresUtc, DateTime.UtcNow.AddMinutes(1))));

        Assert.NotNull((await Browser.GetAsync("/Chat")).Response.Headers.Age);
    }

    [Fact]
    public async Task TheUndoOffer_LeavesTheCachedPage_WhenItsWindowEnds()
    {
        await Browser.SendAsync("A question to clear");
        await Browser.ClearAsync("messages");
        await Browser.GetAsync("/Chat");

        var cached = await Browser.GetAsync("/Chat");
        Assert.NotNull(cached.Response.Headers.Age);
        Assert.NotNull(cached.Document.QuerySelector("#undo-banner"));

        var until = DateTime.Parse(cached.Document.QuerySelector("#undo-banner")!.GetAttribute("data-undo-until")!, null, System.Globalization.DateTimeStyles.AdjustToUniversal);
        var wait = until - DateTime.UtcNow + TimeSpan.FromMilliseconds(300);
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait);
        }

        var after = await Browser.GetAsync("/Chat");
        Assert.Null(after.Document.QuerySelector("#undo-banner"));
        Assert.NotNull(after.Document.QuerySelector("#empty-conversation"));
    }

    [Fact]
    public async Task ACachedPage_IsNeverServedToAnotherUser_OrToALoginThatEnded()
    {
        await Browser.SendAsync("Private okapi question");
        await Browser.GetAsync("/Chat");
        Assert.NotNull((await Browser.GetAsync("/Chat")).Response.Headers.Age);
        var oldLogin = Browser.Cookies.GetCookieHeader(Browser.BaseAddress);

        using var other = Factory.CreateBrowser();
        await other.RegisterAsync();
        await other.GetAsync("/Chat");
        var othersPage = await other.GetAsync("/Chat");
        Assert.DoesNotContain("Private okapi question", othersPage.Document.Body!.TextContent, StringComparison.Ordinal);
        Assert.Empty(othersPage.Document.QuerySelectorAll("article.message"));

        await Browser.LogoutAsync();
        using var replay = Factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/Chat");
        request.Headers.Add("Cookie", oldLogin);
        var replayed = await replay.SendAsync(request);

        Assert.Equal(HttpStatusCode.Redirect, replayed.StatusCode);
        Assert.Contains("/Identity/Account/Login", replayed.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("Private okapi question", await replayed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheDataVersion_IsWrittenByTheTriggersOnly_NeverBackByIdentity()
    {
        await Browser.SendAsync("A question");
        var before = await VersionAsync();
        Assert.True(before > 0, "sending should have raised the data version");

        // Identity updates the user row whole (a failed login counts against it, a login resets the count).
        using var again = Factory.CreateBrowser();
        var email = await Factory.WithDbAsync(db => db.Users.Where(u => u.Id == UserId).Select(u => u.Email!).SingleAsync());
        await again.LoginAsync(email, "not the password");
        await again.LoginAsync(email);

        Assert.Equal(before, await VersionAsync());
        await Browser.SendAsync("Another question");
        Assert.True(await VersionAsync() > before);
    }

    private Task<long> VersionAsync() => Factory.WithDbAsync(db => db.Users.Where(u => u.Id == UserId).Select(u => u.DataVersion).SingleAsync());

    private async Task AssertNextPageShowsAsync(Func<DocChat.Web.Data.DocChatDbContext, Task> change, Action<Page> shows)
    {
        await Browser.GetAsync("/Chat");
        Assert.NotNull((await Browser.GetAsync("/Chat")).Response.Headers.Age);

        await Factory.WithDbAsync(change);

        var page = await Browser.GetAsync("/Chat");
        Assert.Null(page.Response.Headers.Age);
        shows(page);
    }
}
