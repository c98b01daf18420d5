using System.Net;
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
