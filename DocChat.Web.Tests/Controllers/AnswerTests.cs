using DocChat.Web.Data.Entities;
using DocChat.Web.Services.Answering;
using DocChat.Web.Tests.Infrastructure;

namespace DocChat.Web.Tests.Controllers;

public sealed class AnswerTests : SignedInTest
{

    [Fact]
    public async Task Ask_WithoutDocuments_SaysSoHonestly_AndLinksToTheDocumentsPage()
    {
        var page = await Browser.SendAsync("What is the vacation policy?");

        var answer = page.Document.QuerySelector("article.message[data-role=assistant]")!;
        Assert.Equal(AnswerService.NoDocumentsText, answer.QuerySelector(".message-content")!.TextContent.Trim());
        Assert.Equal("/Documents", answer.QuerySelector("a.documents-link")!.GetAttribute("href"));
        Assert.Empty(answer.QuerySelectorAll(".reference"));
    }

    [Fact]
    public async Task Ask_AboutSomethingNotInTheDocuments_SaysNothingMatched()
    {
        await Browser.UploadAsync(ChatActions.TextFile("garden.txt", "Tomatoes need sun and water every day."));

        var page = await Browser.SendAsync("Quantum chromodynamics lecture?");

        var answer = page.Document.QuerySelector("article.message[data-role=assistant]")!;
        Assert.Equal(AnswerService.NoMatchText, answer.QuerySelector(".message-content")!.TextContent.Trim());
        Assert.NotNull(answer.QuerySelector("a.documents-link"));
    }

    [Fact]
    public async Task Ask_AnswersWithTheBestMatchingSentence_AndANumberedReferenceToItsPassage()
    {
        await Browser.UploadAsync(
            ChatActions.TextFile("garden.txt", "Tomatoes need sun and water every day. Basil grows well beside them."),
            ChatActions.TextFile("handbook.md", """
                # Handbook

                The office opens at eight. Vacation requests go to your manager two weeks in advance.

                Parking is free for employees.
                """));

        var page = await Browser.SendAsync("When should vacation requests be sent to my manager?");

        var answer = page.Document.QuerySelector("article.message[data-role=assistant]")!;
        var content = answer.QuerySelector(".message-content")!.TextContent;
        Assert.Equal(ExtractiveAnswerEngine.AnswerIntro, answer.QuerySelector(".message-content p")!.TextContent);
        Assert.Equal("Vacation requests go to your manager two weeks in advance. [1]", answer.QuerySelectorAll(".message-content li")[0].TextContent);
        Assert.DoesNotContain("Tomatoes", content, StringComparison.Ordinal);

        var reference = answer.QuerySelector(".reference")!;
        Assert.Equal("1", reference.GetAttribute("value"));
        Assert.Equal("handbook.md", reference.QuerySelector(".reference-document")!.TextContent.Trim());
        Assert.Contains("Vacation requests go to your manager two weeks in advance.", reference.QuerySelector(".reference-quote")!.TextContent, StringComparison.Ordinal);

        var stored = (await Factory.MessagesAsync((await Factory.OnlySessionAsync(UserId)).Id))[1];
        var storedReference = Assert.Single(stored.Metadata.References);
        Assert.Equal(AnswerOutcome.Answered, stored.Metadata.Outcome);
        Assert.Equal("handbook.md", storedReference.DocumentName);
        Assert.True(storedReference.ChunkId > 0);
    }

    [Theory]
    [InlineData("\"unbalanced quote")]
    [InlineData("vacation* OR NEAR(a b) AND -x")]
    [InlineData("Text: vacation ^ {col} (")]
    [InlineData("?!.,;")]
    public async Task Ask_WithFtsSyntaxInTheQuestion_NeverFails_AndIsReadAsPlainWords(string question)
    {
        await Browser.UploadAsync(ChatActions.TextFile("handbook.md", "Vacation requests go to your manager."));

        var page = await Browser.SendAsync(question);

        var answer = page.Document.QuerySelector("article.message[data-role=assistant] .message-content")!.TextContent.Trim();
        Assert.True(answer.StartsWith(ExtractiveAnswerEngine.AnswerIntro, StringComparison.Ordinal) || answer == AnswerService.NoMatchText, answer);
    }

    [Fact]
    public async Task References_KeepTheirQuoteAfterTheDocumentIsDeleted()
    {
        var documents = await Browser.UploadAsync(ChatActions.TextFile("handbook.md", "Vacation requests go to your manager."));
        await Browser.SendAsync("vacation requests");
        await Browser.SubmitAndFollowAsync(documents.Form("#documents .delete-form"));

        var page = await Browser.GetAsync("/Chat");

        Assert.Equal("handbook.md", page.Document.QuerySelector(".reference .reference-document")!.TextContent.Trim());
    }
}
