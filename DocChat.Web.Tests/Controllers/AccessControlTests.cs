using System.Net;
using DocChat.Web.Data.Entities;
using DocChat.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace DocChat.Web.Tests.Controllers;

/// <summary>Another user's ids, replayed against every endpoint that takes one: 404, none of their content, nothing changed.</summary>
public sealed class AccessControlTests() : SignedInTest(new Dictionary<string, string?> { ["DocChat:Clear:UndoSeconds"] = "600" })
{
    private const string Secret = "zanzibar-secret";

    [Fact]
    public async Task ReplayingAnotherUsersIds_Answers404_ShowsNothingOfTheirs_AndChangesNothing()
    {
        // User A: a document, a session with an answer citing it, and a second session cleared (undo pending).
        await Browser.UploadAsync(ChatActions.TextFile("plans.md", $"The {Secret} merger closes in June."));
        var chat = await Browser.SendAsync($"When does the {Secret} merger close?");
        var reference = chat.Document.QuerySelector(".reference a")!.GetAttribute("href")!.Split('#')[0];
        var sessionA = (await Factory.OnlySessionAsync(UserId)).Id;
        var messageA = (await Factory.MessagesAsync(sessionA))[1].Id;
        var documentA = await Factory.WithDbAsync(db => db.Documents.Select(d => d.Id).SingleAsync());
        await Browser.SubmitAndFollowAsync((await Browser.GetAsync("/Chat")).Form("#new-chat-form"));
        await Browser.SendAsync($"Another {Secret} question");
        var cleared = await Browser.ClearAsync("messages");
        var clearA = cleared.Document.QuerySelector("#undo-form input[name=clearId]")!.GetAttribute("value")!;
        var before = await SnapshotAsync();

        using var other = Factory.CreateBrowser();
        await other.RegisterAsync();
        var token = await other.AntiforgeryTokenAsync();
        FormUrlEncodedContent Form(params (string Name, string Value)[] fields) =>
            new(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)).Prepend(new("__RequestVerificationToken", token)));

        var replays = new (string Name, Func<Task<HttpResponseMessage>> Send)[]
        {
            ("open session", () => other.Http.GetAsync($"/Chat/Sessions/{sessionA}")),
            ("page cursor", () => other.Http.GetAsync($"/Chat?before={messageA}")),
            ("open session at message", () => other.Http.GetAsync($"/Chat/Sessions/{sessionA}?message={messageA}")),
            ("export markdown", () => other.Http.GetAsync($"/Chat/Sessions/{sessionA}/Export?format=md")),
            ("export json", () => other.Http.GetAsync($"/Chat/Sessions/{sessionA}/Export?format=json")),
            ("delete confirmation", () => other.Http.GetAsync($"/Chat/Sessions/{sessionA}/Delete")),
            ("passage", () => other.Http.GetAsync(reference)),
            ("rename", () => other.Http.PostAsync($"/Chat/Sessions/{sessionA}/Rename", Form(("Title", "taken")))),
            ("delete session", () => other.Http.PostAsync($"/Chat/Sessions/{sessionA}/Delete", Form())),
            ("delete document", () => other.Http.PostAsync($"/Documents/Delete/{documentA}", Form())),
            ("retry message", () => other.Http.PostAsync("/Chat/Retry", Form(("messageId", messageA.ToString(System.Globalization.CultureInfo.InvariantCulture))))),
            ("undo clear", () => other.Http.PostAsync("/Chat/Undo", Form(("clearId", clearA)))),
            ("settings with a document", () => other.Http.PostAsync("/Chat/Settings", Form(
                ("Mode", "Extractive"), ("PassageCount", "5"), ("Temperature", "0.2"), ("Scope", "selected"), ("DocumentIds", documentA.ToString())))),
        };

        foreach (var (name, send) in replays)
        {
            var response = await send();
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{name}: expected 404, got {(int)response.StatusCode}.");
            Assert.DoesNotContain(Secret, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Equal(before, await SnapshotAsync());
        Assert.Contains("Security: refused POST /Chat/Undo", Factory.ReadLogs(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnotherUsersDocumentId_NeverBringsItsPassagesIntoAnAnswer()
    {
        await Browser.UploadAsync(ChatActions.TextFile("plans.md", $"The {Secret} merger closes in June."));
        var documentA = await Factory.WithDbAsync(db => db.Documents.Select(d => d.Id).SingleAsync());

        using var other = Factory.CreateBrowser();
        var otherId = await Factory.UserIdAsync(await other.RegisterAsync());
        await other.UploadAsync(ChatActions.TextFile("own.md", "My own notes about gardening."));
        var page = await other.GetAsync("/Chat");
        var fields = FormFields.Collect(page.Form("#settings-form"), null, new Dictionary<string, string> { ["Scope"] = "selected" });
        fields.Add(new("DocumentIds", documentA.ToString()));
        var refused = await other.Http.PostAsync("/Chat/Settings", new FormUrlEncodedContent(fields));
        var answer = await other.SendAsync($"When does the {Secret} merger close?");

        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        Assert.Empty(answer.Document.QuerySelectorAll(".reference"));
        Assert.DoesNotContain("June", answer.Document.QuerySelector("article.message[data-role=assistant]")!.TextContent, StringComparison.Ordinal);
        var stored = (await Factory.MessagesAsync((await Factory.OnlySessionAsync(otherId)).Id))[1];
        Assert.Empty(stored.Metadata.RetrievedChunkIds);
    }

    /// <summary>Everything of user A that a replay could change.</summary>
    private Task<string> SnapshotAsync() => Factory.WithDbAsync(async db => string.Join('|',
        string.Join(',', await db.ChatSessions.IgnoreQueryFilters().Where(s => s.UserId == UserId).OrderBy(s => s.Id).Select(s => s.Id + s.Title + s.ClearId + "/" + s.ClearedThroughMessageId).ToListAsync()),
        await db.ChatMessages.IgnoreQueryFilters().CountAsync(),
        await db.ChatMessages.CountAsync(),
        await db.Documents.CountAsync(d => d.UserId == UserId),
        await db.DocumentChunks.CountAsync(),
        await db.ClearOperations.CountAsync(o => o.UserId == UserId)));
}
