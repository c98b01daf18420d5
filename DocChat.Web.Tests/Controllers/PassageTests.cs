using System.Net;
using DocChat.Web.Services.Documents;
using DocChat.Web.Tests.Infrastructure;

namespace DocChat.Web.Tests.Controllers;

public sealed class PassageTests : SignedInTest
{
    [Fact]
    public async Task Reference_OpensTheDocumentWithTheCitedPassageHighlightedAndScrolledTo()
    {
        await Browser.UploadAsync(ChatActions.TextFile("handbook.md", "# Leave\n\nVacation requests go to your manager two weeks in advance.\n\n# Parking\n\nParking is free."));
        var chat = await Browser.SendAsync("When do vacation requests go to my manager?");

        var link = chat.Document.QuerySelector(".reference a.reference-document")!;
        var href = link.GetAttribute("href")!;
        Assert.EndsWith("#cited-passage", href, StringComparison.Ordinal);
        var passage = await Browser.GetAsync(href.Split('#')[0]);

        var mark = passage.Document.QuerySelector("#document-text mark#cited-passage")!;
        Assert.Contains("Vacation requests go to your manager two weeks in advance.", mark.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("Parking", mark.TextContent, StringComparison.Ordinal);
        Assert.Contains("Parking is free.", passage.Document.QuerySelector("#document-text")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Leave", passage.Document.QuerySelector("#passage-heading")!.TextContent);
    }

    [Fact]
    public async Task Passage_ShowsTheTextAroundIt_WithItsLineBreaks()
    {
        // Paragraphs too long to share a passage, with line breaks and blank lines of their own between them.
        string Paragraph(string subject) => string.Join(" ", Enumerable.Repeat($"{subject} appear in this paragraph again.", 20));
        var text = $"{Paragraph("Herons")}\n\n\n{Paragraph("Otters")}\nA line of its own.\n\n{Paragraph("Beavers")}";
        await Browser.UploadAsync(ChatActions.TextFile("river.txt", text));
        var chat = await Browser.SendAsync("Tell me about otters.");

        var passage = await Browser.GetAsync(chat.Document.QuerySelector(".reference a.reference-document")!.GetAttribute("href")!.Split('#')[0]);

        Assert.StartsWith("Otters appear", passage.Document.QuerySelector("mark#cited-passage")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(text, passage.Document.QuerySelector("#document-text")!.TextContent);
    }

    [Fact]
    public async Task PassageOfALongDocument_ShowsTwentyThousandCharactersEachSide()
    {
        var paragraphs = Enumerable.Range(0, 400).Select(i => $"Paragraph {i} of the long report {(i == 200 ? "mentions quokkas and" : "covers")} ordinary matters at some length, with words enough to fill a line or two.").ToList();
        var text = string.Join("\n\n", paragraphs);
        await Browser.UploadAsync(ChatActions.TextFile("report.txt", text));
        var chat = await Browser.SendAsync("Where are quokkas mentioned?");

        var passage = await Browser.GetAsync(chat.Document.QuerySelector(".reference a.reference-document")!.GetAttribute("href")!.Split('#')[0]);

        var cited = passage.Document.QuerySelector("mark#cited-passage")!.TextContent;
        Assert.Contains("quokkas", cited, StringComparison.Ordinal);
        var start = text.IndexOf(cited, StringComparison.Ordinal);
        var shown = text[(start - DocumentService.PassageContext)..(start + cited.Length + DocumentService.PassageContext)];
        Assert.Equal($"…{shown}…", passage.Document.QuerySelector("#document-text")!.TextContent);
    }

    [Fact]
    public async Task ReferenceToAPdf_NamesThePage_AndThePassagePageShowsIt()
    {
        await Browser.UploadAsync(SampleFiles.Pdf("report.pdf", "Revenue grew in spring", "Costs fell sharply in autumn"));
        var chat = await Browser.SendAsync("How did costs change in autumn?");

        var link = chat.Document.QuerySelector(".reference a.reference-document")!;
        Assert.Equal("report.pdf, page 2", link.TextContent.Trim());
        var passage = await Browser.GetAsync(link.GetAttribute("href")!.Split('#')[0]);
        Assert.Equal("page 2", passage.Document.QuerySelector("#passage-page")!.TextContent);
    }

    [Fact]
    public async Task ReferenceToADeletedDocument_SaysSo_InsteadOfLinking()
    {
        var documents = await Browser.UploadAsync(ChatActions.TextFile("handbook.md", "Vacation requests go to your manager."));
        var chat = await Browser.SendAsync("vacation requests");
        var href = chat.Document.QuerySelector(".reference a.reference-document")!.GetAttribute("href")!;
        await Browser.SubmitAndFollowAsync(documents.Form("#documents .delete-form"));

        var page = await Browser.GetAsync("/Chat");

        var reference = page.Document.QuerySelector(".reference")!;
        Assert.Null(reference.QuerySelector("a"));
        Assert.Equal("(document deleted)", reference.QuerySelector(".reference-deleted")!.TextContent);
        await Browser.GetAsync(href.Split('#')[0], HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task PassageOfAnotherUsersDocument_Is404()
    {
        await Browser.UploadAsync(ChatActions.TextFile("private.md", "Secret plans for the merger."));
        var chat = await Browser.SendAsync("merger plans");
        var href = chat.Document.QuerySelector(".reference a.reference-document")!.GetAttribute("href")!.Split('#')[0];

        using var other = Factory.CreateBrowser();
        await other.RegisterAsync();
        var response = await other.Http.GetAsync(href);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("merger", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
