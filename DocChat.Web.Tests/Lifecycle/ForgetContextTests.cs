using System.Net;
using System.Text;
using System.Text.Json;
using DocChat.Web.Data.Entities;
using DocChat.Web.Services.Chat;
using DocChat.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DocChat.Web.Tests.Lifecycle;

/// <summary>Forget context, the third reset: the transcript stays, a model's memory starts afresh.</summary>
public sealed class ForgetContextTests : SignedInTest, IClassFixture<FakeLlmFixture>
{
    private readonly FakeLlmServer model;

    public ForgetContextTests(FakeLlmFixture fixture)
        : base(new Dictionary<string, string?>(FakeLlmServer.Settings(fixture.Server.Endpoint)) { ["DocChat:Clear:UndoSeconds"] = "120" })
    {
        model = fixture.Server;
        model.Requests.Clear();
        model.Reply = _ => new FakeReply("Ask your **manager** [1].");
    }

    protected override async Task OnSignedInAsync()
    {
        await Browser.UploadAsync(ChatActions.TextFile("handbook.md", "Vacation requests go to your manager.\n\nParking is free for staff."));
        var page = await Browser.GetAsync("/Chat");
        await Browser.SubmitAndFollowAsync(page.Form("#settings-form"), new Dictionary<string, string> { ["Mode"] = "Generative" });
    }

    [Fact]
    public async Task ForgetContext_KeepsTheTranscript_SendsTheModelNothingBeforeIt_AndShowsWhere()
    {
        await Browser.SendAsync("Where do vacation requests go?");

        var confirmation = await Browser.ConfirmClearPageAsync("context");
        Assert.Contains("stay on screen", confirmation.Document.QuerySelector("#confirm-text")!.TextContent);
        var forgotten = await Browser.SubmitAndFollowAsync(confirmation.Form("#clear-form"));
        Assert.Equal("Context forgotten: the next answer starts afresh", forgotten.Document.QuerySelector("#status-message")!.TextContent.Trim());
        Assert.Equal(2, forgotten.Document.QuerySelectorAll("#messages article.message").Length);

        var page = await Browser.SendAsync("And parking?");

        var prompt = Prompt(model.Requests.Last());
        Assert.DoesNotContain(prompt, m => m.Content.Contains("vacation", StringComparison.OrdinalIgnoreCase) && m.Role != "system");
        Assert.Equal(("user", "And parking?"), prompt[^1]);
        var children = page.Document.QuerySelector("#messages")!.Children.Where(e => e.Matches("article.message, #context-divider")).ToList();
        Assert.Equal(["message", "message", "context-divider", "message", "message"], children.Select(e => e.Id == "context-divider" ? "context-divider" : "message"));

        // Later turns are remembered again from the divider on.
        await Browser.SendAsync("Is it free?");
        prompt = Prompt(model.Requests.Last());
        Assert.Contains(("user", "And parking?"), prompt);
        Assert.DoesNotContain(("user", "Where do vacation requests go?"), prompt);
    }

    [Fact]
    public async Task Undo_BringsTheContextBack()
    {
        await Browser.SendAsync("Where do vacation requests go?");
        var forgotten = await Browser.ClearAsync("context");
        Assert.Contains("The context was forgotten.", forgotten.Document.QuerySelector("#undo-banner")!.TextContent);

        var restored = await Browser.SubmitAndFollowAsync(forgotten.Form("#undo-form"));
        Assert.Equal("Forget context undone", restored.Document.QuerySelector("#status-message")!.TextContent.Trim());
        Assert.Null(restored.Document.QuerySelector("#context-divider"));

        await Browser.SendAsync("And parking?");
        Assert.Contains(("user", "Where do vacation requests go?"), Prompt(model.Requests.Last()));
    }

    [Fact]
    public async Task AfterTheUndoWindow_TheMessagesStay_AndUndoSaysItIsTooLate()
    {
        await Browser.SendAsync("Where do vacation requests go?");
        var forgotten = await Browser.ClearAsync("context");
        var undo = forgotten.Form("#undo-form");

        await Factory.WithDbAsync(db => db.ClearOperations.ExecuteUpdateAsync(o => o.SetProperty(x => x.CreatedUtc, x => x.CreatedUtc.AddHours(-1))));
        await using (var scope = Factory.Services.CreateAsyncScope())
        {
            Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<ChatSessionService>().PurgeExpiredAsync(CancellationToken.None));
        }

        var page = await Browser.SubmitAndFollowAsync(undo);
        Assert.Equal("Too late to undo: the context stays forgotten.", page.Document.QuerySelector("#status-message")!.TextContent.Trim());
        Assert.Equal(2, page.Document.QuerySelectorAll("#messages article.message").Length);
        Assert.NotNull(page.Document.QuerySelector("#context-divider"));
        Assert.Equal(2, (await Factory.MessagesAsync((await Factory.OnlySessionAsync(UserId)).Id)).Count);
    }

    [Fact]
    public async Task TheJsonApi_ForgetsContext_AndTheExportRecordsIt()
    {
        await Browser.SendAsync("Where do vacation requests go?");
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/sessions/clear")
        {
            Content = new StringContent("""{"scope":"context"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("RequestVerificationToken", await Browser.AntiforgeryTokenAsync());
        var response = await Browser.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var session = await Factory.OnlySessionAsync(UserId);
        var messages = await Factory.MessagesAsync(session.Id);
        Assert.Equal(messages[^1].Id, session.ContextResetAfterMessageId);
        await Browser.SendAsync("And parking?");

        var json = JsonSerializer.Deserialize<JsonElement>(await Browser.Http.GetStringAsync($"/Chat/Sessions/{session.Id}/Export?format=json"));
        Assert.Equal(messages[^1].Id, json.GetProperty("session").GetProperty("contextResetAfterMessageId").GetInt64());
        var markdown = await Browser.Http.GetStringAsync($"/Chat/Sessions/{session.Id}/Export?format=md");
        var divider = markdown.IndexOf("Context forgotten here", StringComparison.Ordinal);
        Assert.InRange(divider, markdown.IndexOf("Where do vacation requests go?", StringComparison.Ordinal), markdown.IndexOf("And parking?", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ExtractiveAnswers_AreUnaffected()
    {
        var page = await Browser.GetAsync("/Chat");
        await Browser.SubmitAndFollowAsync(page.Form("#settings-form"), new Dictionary<string, string> { ["Mode"] = "Extractive" });
        await Browser.SendAsync("Where do vacation requests go?");
        await Browser.ClearAsync("context");

        page = await Browser.SendAsync("Where do vacation requests go?");

        var answer = page.Document.QuerySelectorAll("#messages article.message[data-role=assistant]").Last();
        Assert.Equal("answered", answer.GetAttribute("data-outcome"));
        Assert.Contains("manager", answer.TextContent);
        Assert.Equal(AnswerMode.Extractive, (await Factory.OnlySessionAsync(UserId)).Settings.Mode);
    }

    private static List<(string Role, string Content)> Prompt(JsonElement request) =>
        request.GetProperty("messages").EnumerateArray()
            .Select(m => (m.GetProperty("role").GetString()!, m.GetProperty("content").ValueKind == JsonValueKind.String
                ? m.GetProperty("content").GetString()!
                : string.Concat(m.GetProperty("content").EnumerateArray().Select(p => p.GetProperty("text").GetString()))))
            .ToList();
}
