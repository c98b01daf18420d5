using System.Net;
using System.Text.Json;
using DocChat.Web.Tests.Infrastructure;

namespace DocChat.Web.Tests.Controllers;

public sealed class SearchAndExportTests : SignedInTest
{
    [Fact]
    public async Task Search_FindsTheUsersOwnMessagesAcrossSessions_AndLinksIntoTheSessionAtTheMessage()
    {
        await Browser.SendAsync("Where did we put the giraffe budget?");
        var page = await Browser.GetAsync("/Chat");
        await Browser.SubmitAndFollowAsync(page.Form("#new-chat-form"));
        await Browser.SendAsync("Unrelated question about zebras");
        using var other = Factory.CreateBrowser();
        await other.RegisterAsync();
        await other.SendAsync("Their giraffe secret");

        var results = await Browser.GetAsync("/Search?q=giraffe");

        var hit = Assert.Single(results.Document.QuerySelectorAll(".search-result"));
        Assert.Equal("giraffe", hit.QuerySelector(".search-snippet mark")!.TextContent);
        var href = hit.QuerySelector(".search-result-link")!.GetAttribute("href")!;
        var response = await Browser.Http.GetAsync(href);
        var location = response.Headers.Location!.OriginalString;
        Assert.Matches("^/Chat(\\?before=[0-9]+)?#message-[0-9]+$", location);
        var messageId = location.Split("#message-")[1];
        var session = await Browser.GetAsync(location.Split('#')[0]);
        Assert.Equal("Where did we put the giraffe budget?", session.Document.QuerySelector($"#message-{messageId} .message-content")!.TextContent);
        Assert.Equal("Where did we put the giraffe budget?", session.Document.QuerySelector("#chat-title")!.TextContent.Trim());
    }

    [Theory]
    [InlineData("\"giraffe")]
    [InlineData("giraffe* OR NEAR(a b)")]
    [InlineData("")]
    public async Task Search_WithOddInput_NeverFails(string query)
    {
        await Browser.SendAsync("A message about a giraffe");

        var page = await Browser.GetAsync("/Search?q=" + Uri.EscapeDataString(query));

        Assert.Equal(query.Length == 0 ? 0 : 1, page.Document.QuerySelectorAll(".search-result").Length);
    }

    [Fact]
    public async Task Search_ShowsMessageTextEncoded_AndSaysWhenNothingMatches()
    {
        await Browser.SendAsync("<script>alert('giraffe')</script>");

        var found = await Browser.GetAsync("/Search?q=giraffe");
        var none = await Browser.GetAsync("/Search?q=okapi");

        Assert.Empty(found.Document.QuerySelectorAll("#search-results script"));
        Assert.Contains("<script>", found.Document.QuerySelector(".search-snippet")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("No messages match “okapi”.", none.Document.QuerySelector("#no-results")!.TextContent);
    }

    [Fact]
    public async Task Export_Markdown_HasTheMessagesReferencesAndSettings()
    {
        await Browser.UploadAsync(SampleFiles.Pdf("report.pdf", "Revenue grew in spring", "Costs fell sharply in autumn"));
        await Browser.SendAsync("How did costs change in autumn?");
        var page = await Browser.GetAsync("/Chat");

        var response = await Browser.Http.GetAsync(page.Document.QuerySelector("#session-list .export-md")!.GetAttribute("href"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition!.DispositionType);
        Assert.EndsWith(".md", response.Content.Headers.ContentDisposition.FileNameStar ?? response.Content.Headers.ContentDisposition.FileName, StringComparison.Ordinal);
        var markdown = await response.Content.ReadAsStringAsync();
        Assert.StartsWith("# How did costs change in autumn?", markdown, StringComparison.Ordinal);
        Assert.Contains("- Answer mode: Extractive", markdown, StringComparison.Ordinal);
        Assert.Contains("- Passages retrieved: 5", markdown, StringComparison.Ordinal);
        Assert.Contains("## You (", markdown, StringComparison.Ordinal);
        Assert.Contains("## DocChat (", markdown, StringComparison.Ordinal);
        Assert.Contains("1. report.pdf, page 2: > Costs fell sharply in autumn", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_Json_HasTheMessagesReferencesAndSettings()
    {
        await Browser.UploadAsync(ChatActions.TextFile("handbook.md", "Vacation requests go to your manager."));
        await Browser.SendAsync("vacation requests");
        var page = await Browser.GetAsync("/Chat");

        var response = await Browser.Http.GetAsync(page.Document.QuerySelector("#session-list .export-json")!.GetAttribute("href"));

        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        var json = JsonSerializer.Deserialize<JsonElement>(await response.Content.ReadAsStringAsync());
        Assert.Equal("vacation requests", json.GetProperty("session").GetProperty("title").GetString());
        Assert.Equal(5, json.GetProperty("session").GetProperty("settings").GetProperty("passageCount").GetInt32());
        var messages = json.GetProperty("messages").EnumerateArray().ToList();
        Assert.Equal(["User", "Assistant"], messages.Select(m => m.GetProperty("role").GetString()));
        Assert.Equal("handbook.md", messages[1].GetProperty("references")[0].GetProperty("documentName").GetString());
        Assert.NotEmpty(messages[1].GetProperty("retrievedPassageIds").EnumerateArray());
        Assert.Equal("Extractive", messages[1].GetProperty("settings").GetProperty("mode").GetString());
    }

    [Fact]
    public async Task Export_InAnUnknownFormat_Is400()
    {
        await Browser.GetAsync("/Chat");
        var session = await Factory.OnlySessionAsync(UserId);

        Assert.Equal(HttpStatusCode.BadRequest, (await Browser.Http.GetAsync($"/Chat/Sessions/{session.Id}/Export?format=exe")).StatusCode);
    }
}
