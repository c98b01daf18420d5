using System.Net;

namespace DocChat.Web.Tests.Infrastructure;

/// <summary>What a signed-in user does on the chat and documents pages, through their forms.</summary>
public static class ChatActions
{
    public static async Task<Page> SendAsync(this TestBrowser browser, string message)
    {
        var page = await browser.GetAsync("/Chat");
        return await browser.SubmitAndFollowAsync(page.Form("#message-form"), new Dictionary<string, string> { ["Message"] = message });
    }

    /// <summary>Clears as a user without JavaScript does: the link on the chat page, then the confirmation page.</summary>
    public static async Task<Page> ClearAsync(this TestBrowser browser, string scope)
    {
        var confirmation = await browser.ConfirmClearPageAsync(scope);
        return await browser.SubmitAndFollowAsync(confirmation.Form("#clear-form"));
    }

    public static async Task<Page> ConfirmClearPageAsync(this TestBrowser browser, string scope)
    {
        var chat = await browser.GetAsync("/Chat");
        var link = chat.Document.QuerySelector(scope switch
        {
            "session" => "#erase-session-link",
            "context" => "#forget-context-link",
            _ => "#clear-messages-link",
        })!;
        return await browser.GetAsync(link.GetAttribute("href")!);
    }

    /// <summary>Uploads through the form, then reloads the documents page until the background ingestion is done with them.</summary>
    public static async Task<Page> UploadAsync(this TestBrowser browser, params UploadFile[] files)
    {
        await browser.SubmitUploadAsync(files);
        return await browser.WaitForDocumentsAsync();
    }

    /// <summary>The page the upload leads to (with its status message), while the documents may still be queued.</summary>
    public static async Task<Page> SubmitUploadAsync(this TestBrowser browser, params UploadFile[] files)
    {
        var page = await browser.GetAsync("/Documents");
        return await browser.SubmitAndFollowAsync(page.Form("#upload-form"), files: files);
    }

    /// <summary>Uploads one file the checks at upload accept, and returns the reason its reading failed.</summary>
    public static async Task<string> UploadFailingAsync(this TestBrowser browser, UploadFile file)
    {
        var page = await browser.UploadAsync(file);
        var row = page.Document.QuerySelectorAll("#documents tr.document")
            .Single(r => r.QuerySelector(".document-name")!.TextContent.Trim() == file.FileName);
        Assert.Equal("failed", row.QuerySelector(".document-status")!.GetAttribute("data-status"));
        return row.QuerySelector(".document-failure")!.TextContent.Trim();
    }

    /// <summary>The documents page once none of the user's documents is queued or being read.</summary>
    public static async Task<Page> WaitForDocumentsAsync(this TestBrowser browser)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var page = await browser.GetAsync("/Documents");
            if (page.Document.QuerySelector("#documents")?.GetAttribute("data-in-progress") != "true")
            {
                return page;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("The uploaded documents were still being read after 60 s.");
            }

            await Task.Delay(50);
        }
    }

    public static async Task<HttpResponseMessage> TryUploadAsync(this TestBrowser browser, params UploadFile[] files)
    {
        var page = await browser.GetAsync("/Documents");
        return await browser.SubmitAsync(page.Form("#upload-form"), files: files);
    }

    public static UploadFile TextFile(string name, string text) => new(name, System.Text.Encoding.UTF8.GetBytes(text));

    public static async Task<string> AntiforgeryTokenAsync(this TestBrowser browser)
    {
        var page = await browser.GetAsync("/Chat");
        return page.AntiforgeryToken("#message-form");
    }

    public static void AssertRedirectTo(HttpResponseMessage response, string path)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(path, response.Headers.Location!.OriginalString);
    }
}
