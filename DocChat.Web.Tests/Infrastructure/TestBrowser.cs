using System.Net;
using System.Net.Http.Headers;
using AngleSharp;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;

namespace DocChat.Web.Tests.Infrastructure;

public sealed record UploadFile(string FileName, byte[] Content, string ContentType = "text/plain");

public sealed record Page(HttpResponseMessage Response, IDocument Document)
{
    public IHtmlFormElement Form(string selector) =>
        Document.QuerySelector<IHtmlFormElement>(selector) ?? throw new InvalidOperationException($"No form matches {selector}.");

    public IHtmlButtonElement Button(string selector) =>
        Document.QuerySelector<IHtmlButtonElement>(selector) ?? throw new InvalidOperationException($"No button matches {selector}.");

    /// <summary>The hidden antiforgery field a form carries (what a script reads from the page).</summary>
    public string AntiforgeryToken(string formSelector) =>
        Form(formSelector).QuerySelector<IHtmlInputElement>("input[name=__RequestVerificationToken]")?.Value
        ?? throw new InvalidOperationException($"The form {formSelector} has no antiforgery field.");

    public IReadOnlyList<string> Texts(string selector) =>
        Document.QuerySelectorAll(selector).Select(e => e.TextContent.Trim()).ToList();
}

/// <summary>
/// A user's browser over the in-memory server: keeps cookies, does not follow redirects on its
/// own (tests assert on them), and submits the forms a page actually renders, hidden
/// antiforgery field included, the way a browser builds the request.
/// </summary>
public sealed class TestBrowser : IDisposable
{
    private readonly HttpClient client;

    public TestBrowser(WebApplicationFactory<Program> factory, Uri baseAddress)
    {
        Cookies = new CookieContainer();
        client = factory.CreateDefaultClient(baseAddress, new CookieContainerHandler(Cookies));
        BaseAddress = baseAddress;
    }

    /// <summary>A browser for an app on a real socket (Kestrel): redirects are still not followed.</summary>
    public TestBrowser(Uri serverAddress)
    {
        Cookies = new CookieContainer();
        var handler = new CookieContainerHandler(Cookies)
        {
            InnerHandler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false },
        };
        client = new HttpClient(handler) { BaseAddress = serverAddress };
        BaseAddress = serverAddress;
    }

    public CookieContainer Cookies { get; }

    public Uri BaseAddress { get; }

    public HttpClient Http => client;

    public Cookie? Cookie(string name) => Cookies.GetAllCookies().FirstOrDefault(c => c.Name == name);

    public async Task<Page> GetAsync(string url, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await client.GetAsync(url);
        Assert.True(response.StatusCode == expected, $"GET {url}: expected {expected}, got {(int)response.StatusCode} {response.StatusCode} (Location: {response.Headers.Location}).");
        return await ParseAsync(response);
    }

    /// <summary>Submits a rendered form: its fields, the clicked button's name/value, typed values and files.</summary>
    public async Task<HttpResponseMessage> SubmitAsync(
        IHtmlFormElement form,
        IDictionary<string, string>? values = null,
        IHtmlButtonElement? submitter = null,
        IReadOnlyList<UploadFile>? files = null)
    {
        var fields = FormFields.Collect(form, submitter, values);
        var action = ActionOf(form);

        HttpContent content;
        if (string.Equals(form.Enctype, "multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            var multipart = new MultipartFormDataContent();
            foreach (var (name, value) in fields)
            {
                multipart.Add(new StringContent(value), name);
            }

            var fileInput = form.QuerySelector<IHtmlInputElement>("input[type=file]")
                ?? throw new InvalidOperationException("The form has no file input.");
            foreach (var file in files ?? [])
            {
                var part = new ByteArrayContent(file.Content);
                part.Headers.ContentType = new MediaTypeHeaderValue(file.ContentType);

                // filename* (RFC 5987) carries any name, quotes and all, as browsers manage to send it.
                part.Headers.ContentDisposition = new ContentDispositionHeaderValue("form-data")
                {
                    Name = $"\"{fileInput.Name}\"",
                    FileNameStar = file.FileName,
                };
                multipart.Add(part);
            }

            content = multipart;
        }
        else
        {
            content = new FormUrlEncodedContent(fields);
        }

        return await client.PostAsync(action, content);
    }

    /// <summary>
    /// Posts a form's fields as a browser collects them, then changed by <paramref name="tamper"/>:
    /// what an attack tool sends through an intercepting proxy.
    /// </summary>
    public Task<HttpResponseMessage> SubmitTamperedAsync(IHtmlFormElement form, Action<List<KeyValuePair<string, string>>> tamper)
    {
        var fields = FormFields.Collect(form, submitter: null, values: null);
        tamper(fields);
        return client.PostAsync(ActionOf(form), new FormUrlEncodedContent(fields));
    }

    /// <summary>Like a browser: a form without an action posts back to the page's own URL.</summary>
    private static Uri ActionOf(IHtmlFormElement form)
    {
        Assert.Equal("POST", (form.GetAttribute("method") ?? "get").ToUpperInvariant());
        var documentUrl = new Uri(form.Owner!.Url);
        return form.GetAttribute("action") is { Length: > 0 } target ? new Uri(documentUrl, target) : documentUrl;
    }

    /// <summary>Submits and follows the Post/Redirect/Get redirect, returning the page it leads to.</summary>
    public async Task<Page> SubmitAndFollowAsync(
        IHtmlFormElement form,
        IDictionary<string, string>? values = null,
        IHtmlButtonElement? submitter = null,
        IReadOnlyList<UploadFile>? files = null)
    {
        var response = await SubmitAsync(form, values, submitter, files);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect,
            $"Expected a redirect, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await GetAsync(response.Headers.Location!.ToString());
    }

    public static async Task<Page> ParseAsync(HttpResponseMessage response)
    {
        var html = await response.Content.ReadAsStringAsync();
        var context = BrowsingContext.New(Configuration.Default);
        var document = await context.OpenAsync(request => request.Content(html).Address(response.RequestMessage!.RequestUri!));
        return new Page(response, document);
    }

    public void Dispose() => client.Dispose();
}
