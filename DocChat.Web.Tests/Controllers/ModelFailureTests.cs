using DocChat.Web.Tests.Infrastructure;

namespace DocChat.Web.Tests.Controllers;

/// <summary>A model endpoint that is slow or down: the question is kept, the answer says why, nothing is a 500.</summary>
[Trait("Provider", "Any")]
public sealed class ModelFailureTests : IClassFixture<FakeLlmFixture>
{
    private readonly FakeLlmServer model;

    public ModelFailureTests(FakeLlmFixture fixture) => model = fixture.Server;

    [Fact]
    public async Task SlowEndpoint_TimesOut_WithAClearError()
    {
        model.Reply = _ => new FakeReply("too late", Delay: TimeSpan.FromSeconds(10));
        var failed = await AskAsync(FakeLlmServer.Settings(model.Endpoint, timeoutSeconds: 1));

        Assert.Contains("The model did not answer within 1 seconds.", failed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EndpointDown_SaysItCouldNotBeReached()
    {
        var failed = await AskAsync(FakeLlmServer.Settings(FakeLlmServer.UnreachableEndpoint()));

        Assert.Contains("The model endpoint could not be reached.", failed, StringComparison.Ordinal);
    }

    private static async Task<string> AskAsync(Dictionary<string, string?> settings)
    {
        using var factory = new DocChatFactory(settings);
        using var browser = factory.CreateBrowser();
        var userId = await factory.UserIdAsync(await browser.RegisterAsync());
        await browser.UploadAsync(ChatActions.TextFile("handbook.md", "Vacation requests go to your manager."));
        var page = await browser.GetAsync("/Chat");
        await browser.SubmitAndFollowAsync(page.Form("#settings-form"), new Dictionary<string, string> { ["Mode"] = "Generative" });

        var chat = await browser.SendAsync("Where do vacation requests go?");

        var messages = await factory.MessagesAsync((await factory.OnlySessionAsync(userId)).Id);
        Assert.Equal("Where do vacation requests go?", messages[0].Content);
        Assert.Equal(DocChat.Web.Data.Entities.AnswerOutcome.Failed, messages[1].Metadata.Outcome);
        Assert.NotNull(chat.Document.QuerySelector("article.message[data-outcome=failed] .retry-form"));
        return chat.Document.QuerySelector("article.message[data-outcome=failed] .message-content")!.TextContent;
    }
}
