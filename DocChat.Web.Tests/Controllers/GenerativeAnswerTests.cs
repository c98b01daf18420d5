using System.Net;
using System.Text.Json;
using DocChat.Web.Data.Entities;
using DocChat.Web.Tests.Infrastructure;

namespace DocChat.Web.Tests.Controllers;

public sealed class GenerativeAnswerTests : SignedInTest, IClassFixture<FakeLlmFixture>
{
    private const string Handbook = "Vacation requests go to your manager two weeks in advance.\n\nParking is free for staff.";
    private readonly FakeLlmServer model;

    public GenerativeAnswerTests(FakeLlmFixture fixture)
        : base(FakeLlmServer.Settings(fixture.Server.Endpoint))
    {
        model = fixture.Server;
        model.Requests.Clear();
        model.Reply = _ => new FakeReply("Send them to your **manager** [1]. An invented claim [7].");
    }

    protected override async Task OnSignedInAsync()
    {
        await Browser.UploadAsync(ChatActions.TextFile("handbook.md", Handbook));
        var page = await Browser.GetAsync("/Chat");
        await Browser.SubmitAndFollowAsync(page.Form("#settings-form"), new Dictionary<string, string>
        {
            ["Mode"] = "Generative",
            ["Model"] = "other-model",
            ["Temperature"] = "0.5",
        });
    }

    [Fact]
    public async Task Generative_AnswersWithTheModel_MapsItsCitations_AndDropsCitationsOfUnretrievedPassages()
    {
        var page = await Browser.SendAsync("Where do vacation requests go?");

        var answer = page.Document.QuerySelector("article.message[data-role=assistant]")!;
        var content = answer.QuerySelector(".message-content")!;
        Assert.Equal("manager", content.QuerySelector("strong")!.TextContent);
        Assert.Contains("[1]", content.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("[7]", content.TextContent, StringComparison.Ordinal);
        Assert.Equal(["handbook.md"], answer.QuerySelectorAll(".reference .reference-document").Select(e => e.TextContent.Trim()));
        Assert.Equal("other-model", answer.QuerySelector(".detail-model")!.TextContent);

        var request = Assert.Single(model.Requests);
        Assert.Equal("other-model", request.GetProperty("model").GetString());
        Assert.Equal(0.5, request.GetProperty("temperature").GetDouble(), precision: 3);
        var messages = request.GetProperty("messages").EnumerateArray().ToList();
        Assert.Equal("system", messages[0].GetProperty("role").GetString());
        var system = Content(messages[0]);
        Assert.Contains("[1] (handbook.md)", system, StringComparison.Ordinal);
        Assert.Contains("Vacation requests go to your manager two weeks in advance.", system, StringComparison.Ordinal);
        Assert.Equal(("user", "Where do vacation requests go?"), (messages[^1].GetProperty("role").GetString(), Content(messages[^1])));

        var stored = (await Factory.MessagesAsync((await Factory.OnlySessionAsync(UserId)).Id))[1];
        Assert.Equal(AnswerMode.Generative, stored.Metadata.Settings!.Mode);
        Assert.Equal([1], stored.Metadata.References.Select(r => r.Number));
    }

    [Fact]
    public async Task Prompt_CarriesTheRecentConversation_BeforeTheQuestion()
    {
        await Browser.SendAsync("Where do vacation requests go?");
        model.Reply = _ => new FakeReply("Parking is free [1].");

        await Browser.SendAsync("And parking?");

        var second = model.Requests.Last().GetProperty("messages").EnumerateArray()
            .Select(m => (m.GetProperty("role").GetString(), Content(m))).ToList();
        Assert.Equal(("user", "Where do vacation requests go?"), second[1]);
        Assert.Equal("assistant", second[2].Item1);
        Assert.StartsWith("Send them to your **manager** [1].", second[2].Item2, StringComparison.Ordinal);
        Assert.Equal(("user", "And parking?"), second[^1]);
    }

    [Fact]
    public async Task EndpointError_KeepsTheQuestion_ShowsTheErrorWithRetry_AndRetryAnswers()
    {
        model.Reply = _ => new FakeReply(Status: 500);
        var form = (await Browser.GetAsync("/Chat")).Form("#message-form");

        var response = await Browser.SubmitAsync(form, new Dictionary<string, string> { ["Message"] = "Where do vacation requests go?" });

        ChatActions.AssertRedirectTo(response, "/Chat");
        var page = await Browser.GetAsync("/Chat");
        var failed = page.Document.QuerySelector("article.message[data-role=assistant]")!;
        Assert.Equal("failed", failed.GetAttribute("data-outcome"));
        Assert.Contains("The model endpoint answered with an error (HTTP 500).", failed.TextContent, StringComparison.Ordinal);
        Assert.Equal("Where do vacation requests go?", page.Texts("article.message[data-role=user] .message-content").Single());
        Assert.Contains("Model endpoint answered 500", Factory.ReadLogs(), StringComparison.Ordinal);

        model.Reply = _ => new FakeReply("Your manager [1].");
        var retried = await Browser.SubmitAndFollowAsync(page.Form(".retry-form"));

        Assert.Equal(["user", "assistant"], retried.Document.QuerySelectorAll("article.message").Select(a => a.GetAttribute("data-role")));
        Assert.Equal("answered", retried.Document.QuerySelector("article.message[data-role=assistant]")!.GetAttribute("data-outcome"));
        Assert.Equal("Your manager [1].", retried.Document.QuerySelector("article.message[data-role=assistant] .message-content")!.TextContent.Trim());
    }

    [Fact]
    public async Task Stream_SendsTheAnswerAsItIsProduced_ThenStoresIt()
    {
        model.Reply = _ => new FakeReply("Streamed answer about the manager [1].") { ChunkCharacters = 5 };
        var page = await Browser.GetAsync("/Chat");
        var form = page.Form("#message-form");
        var fields = FormFields.Collect(form, null, new Dictionary<string, string> { ["Message"] = "Where do vacation requests go?" });

        var response = await Browser.Http.PostAsync(form.GetAttribute("data-stream-url"), new FormUrlEncodedContent(fields));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/x-ndjson", response.Content.Headers.ContentType!.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonSerializer.Deserialize<JsonElement>(l)).ToList();
        var deltas = lines.Where(l => l.TryGetProperty("delta", out _)).Select(l => l.GetProperty("delta").GetString()).ToList();
        Assert.True(deltas.Count >= 5, $"Expected the answer in pieces, got {deltas.Count}.");
        Assert.Equal("Streamed answer about the manager [1].", string.Concat(deltas));
        Assert.True(lines[^1].GetProperty("done").GetBoolean());
        Assert.True(model.Requests.Last().GetProperty("stream").GetBoolean());

        var stored = (await Factory.MessagesAsync((await Factory.OnlySessionAsync(UserId)).Id))[1];
        Assert.Equal("Streamed answer about the manager [1].", stored.Content);
        Assert.Single(stored.Metadata.References);
    }

    [Fact]
    public async Task Stream_WithAnEmptyMessage_Answers400WithAnError_AndStoresNothing()
    {
        var form = (await Browser.GetAsync("/Chat")).Form("#message-form");
        var fields = FormFields.Collect(form, null, new Dictionary<string, string> { ["Message"] = " " });

        var response = await Browser.Http.PostAsync(form.GetAttribute("data-stream-url"), new FormUrlEncodedContent(fields));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("Type a message first.", JsonSerializer.Deserialize<JsonElement>(await response.Content.ReadAsStringAsync()).GetProperty("error").GetString());
        Assert.Empty(await Factory.MessagesAsync((await Factory.OnlySessionAsync(UserId)).Id));
    }

    [Fact]
    public async Task Post_Settings_WithAModelThatIsNotConfigured_IsRefused()
    {
        var page = await Browser.GetAsync("/Chat");
        var fields = FormFields.Collect(page.Form("#settings-form"), null, new Dictionary<string, string> { ["Model"] = "gpt-unknown" });

        var response = await Browser.Http.PostAsync("/Chat/Settings", new FormUrlEncodedContent(fields));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Choose one of the configured models: test-model, other-model.", (await TestBrowser.ParseAsync(response)).Texts("#settings-errors li"));
        Assert.Equal("other-model", (await Factory.OnlySessionAsync(UserId)).Settings.Model);
    }

    [Fact]
    public async Task SettingsForm_OffersTheConfiguredModels()
    {
        var page = await Browser.GetAsync("/Chat");

        Assert.Equal(["test-model", "other-model"], page.Document.QuerySelectorAll("#settings-model option").Select(o => o.GetAttribute("value")));
        Assert.Equal("other-model", page.Document.QuerySelector("#settings-model option[selected]")!.GetAttribute("value"));
        Assert.False(page.Document.QuerySelector("#settings-mode option[value=Generative]")!.HasAttribute("disabled"));
    }

    private static string Content(JsonElement message) => message.GetProperty("content") switch
    {
        { ValueKind: JsonValueKind.String } text => text.GetString()!,
        var parts => string.Concat(parts.EnumerateArray().Select(p => p.GetProperty("text").GetString())),
    };
}
