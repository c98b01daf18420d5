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
        var link = chat.Document.QuerySelector(scope == "session" ? "#erase-session-link" : "#clear-messages-link")!;
        return await browser.GetAsync(link.GetAttribute("href")!);
    }

    public static async Task<Page> UploadAsync(this TestBrowser browser, params UploadFile[] files)
    {
        var page = await browser.GetAsync("/Documents");
        return await browser.SubmitAndFollowAsync(page.Form("#upload-form"), files: files);
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
