using AngleSharp.Dom;
using System.Net;
using DocChat.Web.Services.Chat;
using DocChat.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DocChat.Web.Tests.Lifecycle;

/// <summary>Chats erased when unused for the user's chosen days, capped by the instance's limit; purged on a fake clock.</summary>
public sealed class RetentionTests : IDisposable
{
    private readonly ManualClock clock = new();
    private readonly List<DocChatFactory> factories = [];

    public void Dispose() => factories.ForEach(f => f.Dispose());

    [Fact]
    public async Task ChatsUnusedForTheChosenDays_AreErasedByThePurge_OthersStay()
    {
        var (factory, browser) = await StartAsync();
        var email = await factory.WithDbAsync(db => db.Users.Select(u => u.Email!).SingleAsync());
        await browser.SendAsync("The old chat's question");
        var oldSession = await CurrentSessionAsync(factory, browser);
        var page = await browser.GetAsync("/Chat");
        Assert.Equal("This chat is kept until you clear, erase or delete it.", Text(page, "#chat-expiry"));

        var saved = await browser.SubmitAndFollowAsync(page.Form("#retention-form"), new Dictionary<string, string> { ["RetentionDays"] = "30" });
        Assert.Equal("Chats you do not use for 30 days will be erased", Text(saved, "#status-message"));
        Assert.Equal("30", saved.Document.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("#retention-days")!.Value);
        var expires = saved.Document.QuerySelector("#chat-expiry time")!.GetAttribute("datetime");
        var updated = (await factory.WithDbAsync(db => db.ChatSessions.SingleAsync(s => s.Id == oldSession))).UpdatedUtc;
        Assert.Equal(updated.AddDays(30).ToString("yyyy-MM-ddTHH:mm:ss'Z'"), expires);

        clock.Advance(TimeSpan.FromDays(20));
        await browser.LoginAsync(email); // the login cookie lasts 14 days
        await browser.SubmitAndFollowAsync((await browser.GetAsync("/Chat")).Form("#new-chat-form"));
        await browser.SendAsync("The recent chat's question");
        var recentSession = await CurrentSessionAsync(factory, browser);

        clock.Advance(TimeSpan.FromDays(10) + TimeSpan.FromMinutes(1));
        Assert.Equal(1, await PurgeAsync(factory));

        Assert.Equal([recentSession], (await factory.WithDbAsync(db => db.ChatSessions.IgnoreQueryFilters().Select(s => s.Id).ToListAsync())));
        Assert.Equal(0, await factory.WithDbAsync(db => db.ChatMessages.IgnoreQueryFilters().CountAsync(m => m.SessionId == oldSession)));
        Assert.False(factory.DatabaseFilesContain("The old chat's question"), "An expired chat must be erased from the files, as Erase chat does.");
        Assert.Equal(0, await PurgeAsync(factory));
    }

    [Fact]
    public async Task WithRetentionOff_NothingExpires()
    {
        var (factory, browser) = await StartAsync();
        await browser.SendAsync("Kept forever?");

        clock.Advance(TimeSpan.FromDays(3_000));

        Assert.Equal(0, await PurgeAsync(factory));
        Assert.Equal(1, await factory.WithDbAsync(db => db.ChatSessions.CountAsync()));
    }

    [Fact]
    public async Task TheInstanceLimit_WinsOverALongerChoice_AndOverKeep()
    {
        var (factory, browser) = await StartAsync(maxDays: 10);
        await browser.SendAsync("Mine, kept for a year?");
        var page = await browser.GetAsync("/Chat");
        Assert.Contains("10 days are erased whatever you choose", Text(page, "#retention-limit"));
        Assert.StartsWith("This chat will be erased on", Text(page, "#chat-expiry"));

        page = await browser.SubmitAndFollowAsync(page.Form("#retention-form"), new Dictionary<string, string> { ["RetentionDays"] = "365" });
        var updated = (await factory.WithDbAsync(db => db.ChatSessions.SingleAsync())).UpdatedUtc;
        Assert.Equal(updated.AddDays(10).ToString("yyyy-MM-ddTHH:mm:ss'Z'"), page.Document.QuerySelector("#chat-expiry time")!.GetAttribute("datetime"));

        using var other = factory.CreateBrowser();
        await other.RegisterAsync();
        await other.SendAsync("Theirs, with retention off");

        clock.Advance(TimeSpan.FromDays(10) + TimeSpan.FromMinutes(1));
        Assert.Equal(2, await PurgeAsync(factory));
        Assert.Equal(0, await factory.WithDbAsync(db => db.ChatSessions.CountAsync()));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("36501")]
    [InlineData("soon")]
    public async Task AnInvalidNumberOfDays_Is400WithAMessage_AndChangesNothing(string days)
    {
        var (factory, browser) = await StartAsync();
        var page = await browser.GetAsync("/Chat");

        var response = await browser.SubmitAsync(page.Form("#retention-form"), new Dictionary<string, string> { ["RetentionDays"] = days });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var shown = await TestBrowser.ParseAsync(response);
        Assert.Equal("Enter a number of days from 1 to 36500, or leave it empty to keep chats.", Text(shown, "#retention-error"));
        Assert.Equal(0, await factory.WithDbAsync(db => db.UserPreferences.CountAsync(p => p.RetentionDays != null)));
    }

    [Fact]
    public async Task AnEmptyNumber_TurnsRetentionOff()
    {
        var (factory, browser) = await StartAsync();
        var page = await browser.SubmitAndFollowAsync((await browser.GetAsync("/Chat")).Form("#retention-form"), new Dictionary<string, string> { ["RetentionDays"] = "7" });

        page = await browser.SubmitAndFollowAsync(page.Form("#retention-form"), new Dictionary<string, string> { ["RetentionDays"] = "" });

        Assert.Equal("Your chats are kept until you delete them", Text(page, "#status-message"));
        Assert.Equal(0, await factory.WithDbAsync(db => db.UserPreferences.CountAsync(p => p.RetentionDays != null)));
    }

    private async Task<(DocChatFactory, TestBrowser)> StartAsync(int? maxDays = null)
    {
        var settings = new Dictionary<string, string?>();
        if (maxDays is { } max)
        {
            settings["DocChat:Retention:MaxDays"] = max.ToString();
        }

        var factory = new DocChatFactory(settings, services: services => services.AddSingleton<TimeProvider>(clock));
        factories.Add(factory);
        var browser = factory.CreateBrowser();
        await browser.RegisterAsync();
        return (factory, browser);
    }

    /// <summary>The session used last (the one the browser just wrote to).</summary>
    private static async Task<Guid> CurrentSessionAsync(DocChatFactory factory, TestBrowser browser)
    {
        await browser.GetAsync("/Chat");
        return await factory.WithDbAsync(db => db.ChatSessions.OrderByDescending(s => s.UpdatedUtc).Select(s => s.Id).FirstAsync());
    }

    private static async Task<int> PurgeAsync(DocChatFactory factory)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ChatRetention>().EraseExpiredAsync(CancellationToken.None);
    }

    private static string Text(Page page, string selector) => page.Document.QuerySelector(selector)!.TextContent.Trim();
}
