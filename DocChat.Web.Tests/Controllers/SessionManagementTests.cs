using System.Net;
using DocChat.Web.Data.Entities;
using DocChat.Web.Services.Chat;
using DocChat.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace DocChat.Web.Tests.Controllers;

public sealed class SessionManagementTests : SignedInTest
{
    [Fact]
    public async Task SessionList_ShowsEverySessionNewestFirst_WithTitleLastUpdateAndMessageCount()
    {
        await Browser.SendAsync("First chat question");
        await NewChatAsync();
        await Browser.SendAsync("Second chat question");
        await Browser.SendAsync("Second chat follow-up");
        await NewChatAsync();

        var page = await Browser.GetAsync("/Chat");

        var items = page.Document.QuerySelectorAll("#session-list .session-item");
        Assert.Equal([ChatSession.DefaultTitle, "Second chat question", "First chat question"], items.Select(i => i.QuerySelector(".session-title")!.TextContent.Trim()));
        Assert.Equal(["0", "4", "2"], items.Select(i => i.QuerySelector(".session-count")!.TextContent));
        Assert.All(items, i => Assert.NotNull(i.QuerySelector(".session-meta time[datetime]")));
        Assert.Contains("current", items[0].ClassList);
        Assert.Equal("page", items[0].QuerySelector(".session-link")!.GetAttribute("aria-current"));
    }

    [Theory]
    [InlineData(999, "999")]
    [InlineData(1_000, "999+")]
    [InlineData(3_000, "999+")]
    public async Task SessionList_CountsMessagesUpTo999(int messages, string shown)
    {
        await Browser.GetAsync("/Chat");
        var session = await Factory.OnlySessionAsync(UserId);
        await Factory.WithDbAsync(async db =>
        {
            db.ChatMessages.AddRange(Enumerable.Range(0, messages).Select(i => new ChatMessage
            {
                SessionId = session.Id, Role = i % 2 == 0 ? MessageRole.User : MessageRole.Assistant, Content = $"Message {i}", CreatedUtc = DateTime.UtcNow,
            }));
            await db.SaveChangesAsync();
        });

        var page = await Browser.GetAsync("/Chat");

        Assert.Equal(shown, page.Document.QuerySelector("#session-list .session-count")!.TextContent.Trim());
    }

    [Fact]
    public async Task SessionList_IsPaginated()
    {
        await Factory.WithDbAsync(async db =>
        {
            var start = DateTime.UtcNow.AddDays(-1);
            db.ChatSessions.AddRange(Enumerable.Range(1, 25).Select(i => new ChatSession
            {
                Id = Guid.NewGuid(), UserId = UserId, Title = $"Chat {i:D2}", CreatedUtc = start, UpdatedUtc = start.AddMinutes(i),
            }));
            await db.SaveChangesAsync();
        });

        var first = await Browser.GetAsync("/Chat");
        Assert.Equal(ChatSessionService.ListPageSize, first.Document.QuerySelectorAll("#session-list .session-item").Length);
        var second = await Browser.GetAsync(first.Document.QuerySelector("#sessions-older")!.GetAttribute("href")!);

        Assert.Equal(["Chat 05", "Chat 04", "Chat 03", "Chat 02", "Chat 01"], second.Texts("#session-list .session-title"));
        Assert.Null(second.Document.QuerySelector("#sessions-older"));
        Assert.NotNull(second.Document.QuerySelector("#sessions-newer"));
    }

    [Fact]
    public async Task NewChat_KeepsTheOldSessionInTheList_AndMakesTheNewOneCurrent()
    {
        await Browser.SendAsync("Keep me");

        var page = await NewChatAsync();

        Assert.Equal("Started a new chat", page.Document.QuerySelector("#status-message")!.TextContent.Trim());
        Assert.NotNull(page.Document.QuerySelector("#empty-conversation"));
        var sessions = await Factory.SessionsAsync(UserId);
        Assert.Equal(2, sessions.Count);
        Assert.Equal(2, (await Factory.MessagesAsync(sessions.Single(s => s.Title == "Keep me").Id)).Count);
    }

    [Fact]
    public async Task SelectingASession_MakesItCurrent_TheCookieFollows()
    {
        await Browser.SendAsync("In the first chat");
        await NewChatAsync();
        var chat = await Browser.GetAsync("/Chat");
        var first = chat.Document.QuerySelectorAll("#session-list .session-item").Single(i => i.QuerySelector(".session-title")!.TextContent.Trim() == "In the first chat");

        var response = await Browser.Http.GetAsync(first.QuerySelector(".session-link")!.GetAttribute("href"));
        ChatActions.AssertRedirectTo(response, "/Chat");
        var page = await Browser.SendAsync("Back in the first chat");

        Assert.Equal("In the first chat", page.Document.QuerySelector("#chat-title")!.TextContent.Trim());
        Assert.Equal(4, page.Document.QuerySelectorAll("article.message").Length);
    }

    [Fact]
    public async Task AnotherUsersSession_CannotBeOpenedRenamedExportedOrDeleted()
    {
        using var other = Factory.CreateBrowser();
        var otherId = await Factory.UserIdAsync(await other.RegisterAsync());
        await other.SendAsync("Their private question");
        var theirs = (await Factory.OnlySessionAsync(otherId)).Id;
        var token = await Browser.AntiforgeryTokenAsync();
        FormUrlEncodedContent Form(params KeyValuePair<string, string>[] fields) =>
            new(fields.Prepend(new KeyValuePair<string, string>("__RequestVerificationToken", token)));

        Assert.Equal(HttpStatusCode.NotFound, (await Browser.Http.GetAsync($"/Chat/Sessions/{theirs}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Browser.Http.GetAsync($"/Chat/Sessions/{theirs}/Export?format=json")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Browser.Http.GetAsync($"/Chat/Sessions/{theirs}/Delete")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Browser.Http.PostAsync($"/Chat/Sessions/{theirs}/Rename", Form(new KeyValuePair<string, string>("Title", "Mine now")))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Browser.Http.PostAsync($"/Chat/Sessions/{theirs}/Delete", Form())).StatusCode);

        var session = await Factory.OnlySessionAsync(otherId);
        Assert.Equal(("Their private question", 2), (session.Title, (await Factory.MessagesAsync(theirs)).Count));
        Assert.DoesNotContain("Their private question", (await Browser.GetAsync("/Chat")).Document.Body!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rename_ChangesTheTitle_AndKeepsItWhenMessagesAreCleared()
    {
        await Browser.SendAsync("Automatic title");
        var page = await Browser.GetAsync("/Chat");

        var renamed = await Browser.SubmitAndFollowAsync(page.Form("#session-list .rename-form"), new Dictionary<string, string> { ["Title"] = "  Budget 2027  " });

        Assert.Equal("Session renamed", renamed.Document.QuerySelector("#status-message")!.TextContent.Trim());
        Assert.Equal("Budget 2027", renamed.Document.QuerySelector("#chat-title")!.TextContent.Trim());
        await Browser.ClearAsync("messages");
        Assert.Equal("Budget 2027", (await Factory.OnlySessionAsync(UserId)).Title);
    }

    [Theory]
    [InlineData("   ", "Give the session a name.")]
    [InlineData(null, "A session name can be at most 200 characters.")]
    public async Task Rename_WithAnInvalidName_Answers400WithAMessage(string? title, string error)
    {
        await Browser.SendAsync("Original title");
        var page = await Browser.GetAsync("/Chat");

        var response = await Browser.SubmitAsync(page.Form("#session-list .rename-form"), new Dictionary<string, string> { ["Title"] = title ?? new string('t', 201) });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(error, (await TestBrowser.ParseAsync(response)).Document.QuerySelector("#rename-error")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Original title", (await Factory.OnlySessionAsync(UserId)).Title);
    }

    [Fact]
    public async Task Delete_AsksOnAConfirmationPage_ThenDeletesTheSessionAndItsMessages()
    {
        await Browser.SendAsync("Delete me");
        var deleted = (await Factory.OnlySessionAsync(UserId)).Id;
        await NewChatAsync();
        var chat = await Browser.GetAsync("/Chat");
        var link = chat.Document.QuerySelectorAll("#session-list .session-item").Single(i => i.GetAttribute("data-session-id") == deleted.ToString())
            .QuerySelector(".delete-session")!;

        var confirmation = await Browser.GetAsync(link.GetAttribute("href")!);
        Assert.Contains("“Delete me” will be deleted", confirmation.Document.Body!.TextContent, StringComparison.Ordinal);
        var page = await Browser.SubmitAndFollowAsync(confirmation.Form("#delete-form"));

        Assert.Equal("Session deleted", page.Document.QuerySelector("#status-message")!.TextContent.Trim());
        Assert.DoesNotContain(await Factory.SessionsAsync(UserId), s => s.Id == deleted);
        Assert.Equal(0, await Factory.WithDbAsync(db => db.ChatMessages.IgnoreQueryFilters().CountAsync()));
    }

    [Fact]
    public async Task ANewSession_IsTitledFromItsFirstQuestion()
    {
        await Browser.SendAsync("  What does the travel   policy say about trains and planes for trips under five hours?\nThanks");

        var session = await Factory.OnlySessionAsync(UserId);

        Assert.Equal("What does the travel policy say about trains and planes for…", session.Title);
        Assert.False(session.TitleIsCustom);
    }

    [Fact]
    public async Task ChatPage_ExplainsNewChatClearAndErase_InPlainWords()
    {
        var page = await Browser.GetAsync("/Chat");

        var help = page.Document.QuerySelector("#actions-help")!.TextContent;
        Assert.Contains("New chat starts another conversation and keeps this one in your list.", help, StringComparison.Ordinal);
        Assert.Contains("Clear messages empties this chat but keeps it and its settings.", help, StringComparison.Ordinal);
        Assert.Contains("Erase chat deletes this chat with everything in it.", help, StringComparison.Ordinal);
    }

    private async Task<Page> NewChatAsync()
    {
        var page = await Browser.GetAsync("/Chat");
        return await Browser.SubmitAndFollowAsync(page.Form("#new-chat-form"));
    }
}
