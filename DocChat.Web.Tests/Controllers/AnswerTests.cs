using DocChat.Web.Data.Entities;
using DocChat.Web.Services.Answering;
using DocChat.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

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

    [Fact]
    public async Task Ask_RanksFirstThePassageWithOneSentenceThatRestatesTheQuestion_OverOneWithTheWordsScattered()
    {
        // BM25 alone puts the short passage first: it has every word, each in another sentence.
        // The long one says it in one sentence, the way a question restates its answer.
        await Browser.UploadAsync(
            ChatActions.TextFile("scattered.txt", "Museum news. Admission fees were discussed. The museum shop started selling postcards. Charging cables are sold."),
            ChatActions.TextFile("history.txt", string.Join(" ",
                "The building went up on the old market square after a long debate in the city council.",
                "The museum started charging admission fees in 2001.",
                "Its first director collected paintings, tapestries, clocks and maps from the whole region for decades.")));

        await Browser.SendAsync("In which year did the museum start charging admission fees?");

        var answer = (await Factory.MessagesAsync((await Factory.OnlySessionAsync(UserId)).Id))[1];
        var retrieved = await Factory.WithDbAsync(db => db.DocumentChunks
            .Where(c => answer.Metadata.RetrievedChunkIds.Contains(c.Id))
            .Select(c => new { c.Id, c.Document!.FileName })
            .ToDictionaryAsync(c => c.Id, c => c.FileName));
        Assert.Equal(["history.txt", "scattered.txt"], answer.Metadata.RetrievedChunkIds.Select(id => retrieved[id]));
        var firstQuote = answer.Content.Split('\n')[2];
        Assert.StartsWith("- The museum started charging admission fees in 2001.", firstQuote, StringComparison.Ordinal);
        Assert.EndsWith("[1]", firstQuote, StringComparison.Ordinal);
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

    [Fact]
    public async Task Extractive_PrefersTheSentenceWithTheRareQuestionWord_OverOnesThatOnlyShareTheSubject()
    {
        await Browser.UploadAsync(ChatActions.TextFile("bowl.txt", """
            Super Bowl 50 was an American football game. Super Bowl 50 was played in February.
            Super Bowl 50 drew a large television audience. The NFC champion Carolina Panthers played
            in the game. Tickets for Super Bowl 50 sold out quickly.
            """));

        var page = await Browser.SendAsync("Which NFC team played in Super Bowl 50?");

        var first = page.Document.QuerySelectorAll("#messages article.message[data-role=assistant] .message-content li").First().TextContent;
        Assert.Contains("Carolina Panthers", first, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("harbour.md", "# Harbour\n\nThe harbour opens at six in the morning.\n", "When does the harbour open?", "The harbour opens at six in the morning.")]
    [InlineData("harbour.txt", "The harbour opens at six in the morning. It closes at ten at night.", "When does the harbour open, and when does it close at night?", "It closes at ten at night.")]
    public async Task Extractive_QuotesASentenceOnce_WhenItAlsoComesWithTheOneBeforeIt(string fileName, string text, string question, string sentence)
    {
        // A heading, or a sentence the next one goes on about ("It ..."), is quoted with the next
        // sentence; that sentence also ranks on its own, and was quoted a second time.
        await Browser.UploadAsync(ChatActions.TextFile(fileName, text));

        var page = await Browser.SendAsync(question);

        var quotes = page.Document.QuerySelectorAll("#messages article.message[data-role=assistant] .message-content li").Select(li => li.TextContent).ToList();
        Assert.Single(quotes, quote => quote.Contains(sentence, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Extractive_QuotesWholeSentencesOfHardWrappedText_OnOneLine_AndNearDuplicatesOnce()
    {
        const string wrapped = "To protect your rights, we need to make restrictions that forbid\nanyone to deny you these rights or to ask you to surrender the\nrights. Other text follows here.";
        await Browser.UploadAsync(ChatActions.TextFile("gpl.txt", wrapped), ChatActions.TextFile("gpl-copy.txt", wrapped.Replace("Other text", "Other  text")));

        var page = await Browser.SendAsync("What restrictions forbid anyone to deny you these rights?");

        var bullets = page.Document.QuerySelectorAll("#messages article.message[data-role=assistant] .message-content li").Select(li => li.TextContent.Trim()).ToList();
        var quoted = Assert.Single(bullets, b => b.Contains("restrictions", StringComparison.Ordinal));
        Assert.StartsWith("To protect your rights, we need to make restrictions that forbid anyone to deny you these rights or to ask you to surrender the rights.", quoted, StringComparison.Ordinal);
    }
}
