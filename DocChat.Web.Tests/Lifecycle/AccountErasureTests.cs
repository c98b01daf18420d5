using System.Net;
using System.Text.Json;
using DocChat.Web.Data.Entities;
using DocChat.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace DocChat.Web.Tests.Lifecycle;

/// <summary>Delete account and Download your data, on the Identity Manage pages, through their forms.</summary>
public sealed class AccountErasureTests : IDisposable
{
    // A long undo window: one clear is still pending (hidden, not yet purged) when the account goes.
    private readonly DocChatFactory factory = new(new Dictionary<string, string?> { ["DocChat:Clear:UndoSeconds"] = "600" });

    public void Dispose() => factory.Dispose();

    [SqliteFact]
    public async Task DeletingTheAccount_ErasesEverythingItHeld_AndLeavesNoneOfItInTheFilesOrLogs()
    {
        // Each marker differs from the others in its first letters (a search index stores a term after
        // the prefix it shares with the one before) and ends in a digit (the stemmer leaves it whole).
        string Marker(string what) => $"{what}{Guid.NewGuid():N}"[..19] + "7";
        var (mail, doc, name, question, title, hidden, kept) =
            (Marker("mail"), Marker("doc"), Marker("name"), Marker("question"), Marker("title"), Marker("hidden"), Marker("kept"));
        var email = $"{mail}@example.test";
        using var browser = factory.CreateBrowser();
        await browser.RegisterAsync(email);

        await browser.UploadAsync(ChatActions.TextFile($"{name}.txt", $"The {doc} okapi lives in the forest of the Congo."));
        var chat = await browser.SendAsync($"Where does the okapi live? {question}");
        Assert.Contains("forest", chat.Document.QuerySelector("#messages")!.TextContent);
        await browser.SubmitAndFollowAsync(chat.Form("#session-list .rename-form"), new Dictionary<string, string> { ["Title"] = title });
        await browser.SendAsync($"{hidden} message");
        await browser.ClearAsync("messages");
        await browser.SendAsync($"{kept} message");
        await browser.SubmitAndFollowAsync((await browser.GetAsync("/Chat")).Form("#retention-form"), new Dictionary<string, string> { ["RetentionDays"] = "30" });
        Assert.Equal(1, await factory.CountAsync<UserPreferences>());

        var markers = new[] { mail, doc, name, question, title, hidden, kept };
        Assert.All(markers, m => Assert.True(ContainsAnyCase(m), $"{m} must be on disk first, or this test proves nothing."));

        var confirm = await browser.GetAsync("/Identity/Account/Manage/DeletePersonalData");
        Assert.Equal("1", Count(confirm, ".erase-count", "sessions"));
        Assert.Equal("6", Count(confirm, ".erase-count", "messages"));
        Assert.Equal("1", Count(confirm, ".erase-count", "documents"));
        var erased = await browser.SubmitAndFollowAsync(confirm.Form("#delete-user"), new Dictionary<string, string> { ["Input.Password"] = Accounts.Password });

        Assert.Equal("1", Count(erased, ".erased-count", "sessions"));
        Assert.Equal("6", Count(erased, ".erased-count", "messages"));
        Assert.Equal("1", Count(erased, ".erased-count", "documents"));
        Assert.Equal("1", Count(erased, ".erased-count", "passages"));
        Assert.Null(erased.Document.QuerySelector("#logout-form"));

        foreach (var marker in markers)
        {
            Assert.True(await factory.ErasedFromFilesAsync(marker), $"{marker} is still in the database, its WAL or a search index after the account was deleted.");
        }

        Assert.All(markers, m => Assert.DoesNotContain(m, factory.ReadLogs(), StringComparison.OrdinalIgnoreCase));
        Assert.True(await factory.DeletedDocumentsErasedAsync()); // the stripped account row goes once its documents are erased
        Assert.Equal(0, await factory.WithDbAsync(db => db.Users.CountAsync()));
        Assert.Equal(0, await factory.WithDbAsync(db => db.ChatSessions.IgnoreQueryFilters().CountAsync()));
        Assert.Equal(0, await factory.WithDbAsync(db => db.ChatMessages.IgnoreQueryFilters().CountAsync()));
        Assert.Equal(0, await factory.CountAsync<Document>());
        Assert.Equal(0, await factory.CountAsync<DocumentChunk>());
        Assert.Equal(0, await factory.CountAsync<ClearOperation>());
        Assert.Equal(0, await factory.CountAsync<UserPreferences>());

        // The old login is gone too.
        var response = await browser.LoginAsync(email);
        Assert.NotEqual(HttpStatusCode.Redirect, response.StatusCode);
    }

    [Fact]
    public async Task AWrongPassword_DeletesNothing()
    {
        using var browser = factory.CreateBrowser();
        var email = await browser.RegisterAsync();
        await browser.SendAsync("Anything about okapis?");

        var confirm = await browser.GetAsync("/Identity/Account/Manage/DeletePersonalData");
        var response = await browser.SubmitAsync(confirm.Form("#delete-user"), new Dictionary<string, string> { ["Input.Password"] = "not my password" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Nothing was deleted", (await TestBrowser.ParseAsync(response)).Document.QuerySelector("#delete-user")!.TextContent);
        var userId = await factory.UserIdAsync(email);
        Assert.Equal(2, (await factory.MessagesAsync((await factory.OnlySessionAsync(userId)).Id)).Count);
    }

    [Fact]
    public async Task OtherAccounts_AreUntouched()
    {
        using var other = factory.CreateBrowser();
        var otherEmail = await other.RegisterAsync();
        await other.UploadAsync(ChatActions.TextFile("theirs.txt", "Pangolins eat ants."));
        await other.SendAsync("What do pangolins eat?");

        using var browser = factory.CreateBrowser();
        await browser.RegisterAsync();
        await browser.UploadAsync(ChatActions.TextFile("mine.txt", "Okapis eat leaves."));
        var confirm = await browser.GetAsync("/Identity/Account/Manage/DeletePersonalData");
        await browser.SubmitAndFollowAsync(confirm.Form("#delete-user"), new Dictionary<string, string> { ["Input.Password"] = Accounts.Password });

        Assert.Equal(1, await factory.WithDbAsync(db => db.Users.CountAsync(u => u.ErasedUtc == null)));
        Assert.Equal(1, await factory.CountAsync<Document>());
        var chat = await other.SendAsync("What do pangolins eat?");
        Assert.Contains("ants", chat.Document.QuerySelectorAll("#messages .message-assistant").Last().TextContent);
        Assert.Equal(4, (await factory.MessagesAsync((await factory.OnlySessionAsync(await factory.UserIdAsync(otherEmail))).Id)).Count);
    }

    [Fact]
    public async Task DownloadYourData_HasSessionsWithMessagesAndReferences_SettingsAndDocuments()
    {
        using var browser = factory.CreateBrowser();
        var email = await browser.RegisterAsync();
        await browser.UploadAsync(ChatActions.TextFile("okapi.txt", "The okapi lives in the forest of the Congo."));
        await browser.SendAsync("Where does the okapi live?");
        await browser.SubmitAndFollowAsync((await browser.GetAsync("/Chat")).Form("#new-chat-form"));
        await browser.SendAsync("Nothing about this one?");

        var page = await browser.GetAsync("/Identity/Account/Manage/PersonalData");
        var response = await browser.SubmitAsync(page.Form("#download-data"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition!.DispositionType);
        var json = JsonSerializer.Deserialize<JsonElement>(await response.Content.ReadAsStringAsync());
        Assert.Equal(email, json.GetProperty("account").GetProperty("email").GetString());
        Assert.Equal("Extractive", json.GetProperty("settings").GetProperty("newChats").GetProperty("mode").GetString());
        var sessions = json.GetProperty("sessions").EnumerateArray().ToList();
        Assert.Equal(2, sessions.Count);
        var first = sessions[0].GetProperty("messages").EnumerateArray().ToList();
        Assert.Equal("Where does the okapi live?", first[0].GetProperty("content").GetString());
        var reference = Assert.Single(first[1].GetProperty("references").EnumerateArray());
        Assert.Equal("okapi.txt", reference.GetProperty("documentName").GetString());
        Assert.Equal(2, sessions[1].GetProperty("messages").GetArrayLength());
        var document = Assert.Single(json.GetProperty("documents").EnumerateArray());
        Assert.Equal("okapi.txt", document.GetProperty("fileName").GetString());
        Assert.Equal("Ready", document.GetProperty("status").GetString());
    }

    private bool ContainsAnyCase(string marker) =>
        factory.DatabaseFilesContain(marker) || factory.DatabaseFilesContain(marker.ToUpperInvariant());

    private static string? Count(Page page, string selector, string item) =>
        page.Document.QuerySelectorAll(selector).Single(e => e.GetAttribute("data-item") == item).TextContent.Trim();
}
