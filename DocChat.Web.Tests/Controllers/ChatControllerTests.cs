using System.Net;
using DocChat.Web.Data;
using DocChat.Web.Data.Entities;
using DocChat.Web.Services.Chat;
using DocChat.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace DocChat.Web.Tests.Controllers;

public sealed class ChatControllerTests : SignedInTest
{

    [Fact]
    public async Task Get_Chat_CreatesSession_ShowsEmptyConversationAndForms()
    {
        var page = await Browser.GetAsync("/Chat");

        var session = await Factory.OnlySessionAsync(UserId);
        Assert.Equal(ChatSession.DefaultTitle, page.Document.QuerySelector("#chat-title")!.TextContent.Trim());
        Assert.NotNull(page.Document.QuerySelector("#empty-conversation"));
        Assert.NotNull(page.Document.QuerySelector("#message-form textarea[name=Message]"));
        Assert.Equal("/Chat/ConfirmClear?scope=messages", page.Document.QuerySelector("#clear-messages-link")!.GetAttribute("href"));
        Assert.Equal("/Chat/ConfirmClear?scope=session", page.Document.QuerySelector("#erase-session-link")!.GetAttribute("href"));
        Assert.Empty(await Factory.MessagesAsync(session.Id));
    }

    [Fact]
    public async Task Get_Chat_SetsAProtectedHttpOnlyLaxSessionCookie()
    {
        var response = await Browser.Http.GetAsync("/Chat");

        var header = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith(CurrentSessionCookie.Name + "=", StringComparison.Ordinal));
        Assert.Contains("httponly", header, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", header, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("secure", header, StringComparison.OrdinalIgnoreCase);

        var session = await Factory.OnlySessionAsync(UserId);
        var value = Browser.Cookie(CurrentSessionCookie.Name)!.Value;
        Assert.DoesNotContain(session.Id.ToString("N"), value, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(session.Id.ToString(), value, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Get_Chat_OverHttps_MarksTheSessionCookieSecure()
    {
        using var https = Factory.CreateBrowser("https://localhost");
        await https.RegisterAsync();

        var response = await https.Http.GetAsync("/Chat");

        var header = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith(CurrentSessionCookie.Name + "=", StringComparison.Ordinal));
        Assert.Contains("secure", header, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Post_Send_StoresQuestionAndAnswer_ShowsThemOldestFirst()
    {
        var before = DateTime.UtcNow.AddSeconds(-1);

        var page = await Browser.SendAsync("What is in my documents?");

        var articles = page.Document.QuerySelectorAll("article.message");
        Assert.Equal(["user", "assistant"], articles.Select(a => a.GetAttribute("data-role")));
        Assert.Equal("What is in my documents?", articles[0].QuerySelector(".message-content")!.TextContent);
        Assert.All(articles, a => Assert.NotNull(a.QuerySelector("time[datetime]")));

        var session = await Factory.OnlySessionAsync(UserId);
        var stored = await Factory.MessagesAsync(session.Id);
        Assert.Equal([MessageRole.User, MessageRole.Assistant], stored.Select(m => m.Role));
        Assert.Equal("What is in my documents?", stored[0].Content);
        Assert.All(stored, m => Assert.InRange(m.CreatedUtc, before, DateTime.UtcNow.AddSeconds(1)));
        Assert.Equal(AnswerOutcome.NoDocuments, stored[1].Metadata.Outcome);
        Assert.True(stored[0].Id < stored[1].Id);
    }

    [Theory]
    [InlineData("", "Type a message first.")]
    [InlineData("   \n  ", "Type a message first.")]
    [InlineData(null, "A message can be at most 8,000 characters.")]
    public async Task Post_Send_InvalidMessage_RerendersWith400AndStoresNothing(string? message, string error)
    {
        message ??= new string('x', ChatMessage.ContentMaxLength + 1);
        var page = await Browser.GetAsync("/Chat");

        var response = await Browser.SubmitAsync(page.Form("#message-form"), new Dictionary<string, string> { ["Message"] = message });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var rendered = await TestBrowser.ParseAsync(response);
        Assert.Equal(error, rendered.Document.QuerySelector("#message-error")!.TextContent.Trim());
        Assert.Empty(await Factory.WithDbAsync(db => db.ChatMessages.ToListAsync()));
    }

    [Fact]
    public async Task Post_Send_MessageOfExactlyTheLimit_IsStored()
    {
        await Browser.SendAsync(new string('y', ChatMessage.ContentMaxLength));

        var session = await Factory.OnlySessionAsync(UserId);
        Assert.Equal(ChatMessage.ContentMaxLength, (await Factory.MessagesAsync(session.Id))[0].Content.Length);
    }

    [Fact]
    public async Task Get_Chat_WithTamperedSessionCookie_LandsInTheUsersOwnSession()
    {
        await Browser.SendAsync("my own question");
        var session = await Factory.OnlySessionAsync(UserId);

        Browser.Cookies.Add(new Cookie(CurrentSessionCookie.Name, "tampered-value", "/", "localhost"));
        var page = await Browser.GetAsync("/Chat");

        Assert.Equal("my own question", page.Texts("article.message[data-role=user] .message-content").Single());
        Assert.Equal(session.Id, (await Factory.OnlySessionAsync(UserId)).Id);
    }

    [Fact]
    public async Task SessionCookieOfAnotherUser_NeverShowsOrChangesTheirSession()
    {
        await Browser.SendAsync("secret question of user A");
        var sessionOfA = await Factory.OnlySessionAsync(UserId);
        var cookieOfA = Browser.Cookie(CurrentSessionCookie.Name)!.Value;

        using var other = Factory.CreateBrowser();
        var userB = await Factory.UserIdAsync(await other.RegisterAsync());
        other.Cookies.Add(new Cookie(CurrentSessionCookie.Name, cookieOfA, "/", "localhost"));

        var page = await other.GetAsync("/Chat");
        Assert.DoesNotContain("secret question of user A", page.Document.Body!.TextContent, StringComparison.Ordinal);

        other.Cookies.Add(new Cookie(CurrentSessionCookie.Name, cookieOfA, "/", "localhost"));
        await other.SendAsync("question of user B");
        other.Cookies.Add(new Cookie(CurrentSessionCookie.Name, cookieOfA, "/", "localhost"));
        await other.ClearAsync("session");

        Assert.Equal(2, (await Factory.MessagesAsync(sessionOfA.Id)).Count);
        Assert.Equal(sessionOfA.Id, (await Factory.OnlySessionAsync(UserId)).Id);
        Assert.DoesNotContain(await Factory.SessionsAsync(userB), s => s.Id == sessionOfA.Id);
    }

    [Fact]
    public async Task SessionCookieOfADeletedSession_StartsAFreshSessionOfTheUsersOwn()
    {
        await Browser.GetAsync("/Chat");
        var deleted = await Factory.OnlySessionAsync(UserId);
        await Factory.WithDbAsync(db => db.ChatSessions.Where(s => s.Id == deleted.Id).ExecuteDeleteAsync());

        var page = await Browser.GetAsync("/Chat");

        Assert.NotNull(page.Document.QuerySelector("#empty-conversation"));
        Assert.NotEqual(deleted.Id, (await Factory.OnlySessionAsync(UserId)).Id);
    }

    [Fact]
    public async Task Get_Chat_OfALongSession_ShowsTheLatest50_WithKeysetLinkToEarlierOnes()
    {
        await Browser.GetAsync("/Chat");
        var session = await Factory.OnlySessionAsync(UserId);
        await SeedMessagesAsync(session.Id, 10_000);

        var latest = await Browser.GetAsync("/Chat");
        var contents = latest.Texts("article.message .message-content");
        Assert.Equal(ChatMessageService.PageSize, contents.Count);
        Assert.Equal("Message 9951", contents[0]);
        Assert.Equal("Message 10000", contents[^1]);
        Assert.Null(latest.Document.QuerySelector("#latest-link"));

        var earlierHref = latest.Document.QuerySelector("#earlier-link")!.GetAttribute("href")!;
        var earlier = await Browser.GetAsync(earlierHref);
        var earlierContents = earlier.Texts("article.message .message-content");
        Assert.Equal(ChatMessageService.PageSize, earlierContents.Count);
        Assert.Equal("Message 9901", earlierContents[0]);
        Assert.Equal("Message 9950", earlierContents[^1]);
        Assert.NotNull(earlier.Document.QuerySelector("#latest-link"));
    }

    [SqliteFact]
    public async Task MessagePageQuery_SeeksThroughTheSessionIndex_InsteadOfScanning()
    {
        var plan = await QueryPlanAsync(db => ChatMessageService.PageQuery(db, Guid.NewGuid(), before: 1234).ToQueryString());

        Assert.Contains("USING INDEX IX_ChatMessages_SessionId_Id (SessionId=? AND Id>? AND Id<?)", plan, StringComparison.Ordinal);
        Assert.DoesNotContain("TEMP B-TREE", plan, StringComparison.Ordinal);
    }

    [SqliteFact]
    public async Task SessionListQuery_CountsMessagesFromTheIndexAlone()
    {
        var plan = await QueryPlanAsync(db => ChatSessionService.ListQuery(db, UserId, page: 1).ToQueryString());

        Assert.Contains("USING COVERING INDEX IX_ChatMessages_SessionId_Id (SessionId=? AND Id>?)", plan, StringComparison.Ordinal);
    }

    /// <summary>SQLite's plan for a query, its steps joined by " | ".</summary>
    private Task<string> QueryPlanAsync(Func<DocChatDbContext, string> query) => Factory.WithDbAsync(async db =>
    {
        // ToQueryString() starts with ".param set" lines for the CLI; unbound parameters are NULL to EXPLAIN.
        var sql = string.Join('\n', query(db).Split('\n').Where(line => !line.StartsWith('.')));
        await db.Database.OpenConnectionAsync();
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + sql;
        await using var reader = await command.ExecuteReaderAsync();
        var details = new List<string>();
        while (await reader.ReadAsync())
        {
            details.Add(reader.GetString(3));
        }

        return string.Join(" | ", details);
    });

    private Task SeedMessagesAsync(Guid sessionId, int count) =>
        Factory.WithDbAsync(db => Factory.PostgresDatabase is null
            ? db.Database.ExecuteSqlInterpolatedAsync($$"""
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {{count}})
                INSERT INTO ChatMessages (SessionId, Role, Content, CreatedUtc, MetadataJson)
                SELECT {{sessionId.ToString().ToUpperInvariant()}}, CASE i % 2 WHEN 1 THEN 'User' ELSE 'Assistant' END,
                       'Message ' || i, '2026-01-01 00:00:00', '{"outcome":"None","references":[]}'
                FROM n
                """)
            : db.Database.ExecuteSqlInterpolatedAsync($$"""
                INSERT INTO "ChatMessages" ("SessionId", "Role", "Content", "CreatedUtc", "MetadataJson")
                SELECT {{sessionId}}, CASE i % 2 WHEN 1 THEN 'User' ELSE 'Assistant' END,
                       'Message ' || i, TIMESTAMPTZ '2026-01-01 00:00:00Z', '{"outcome":"None","references":[]}'
                FROM generate_series(1, {{count}}) AS i
                """));
}
