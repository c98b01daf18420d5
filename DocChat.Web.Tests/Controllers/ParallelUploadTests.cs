using System.Net;
using DocChat.Web.Data.Entities;
using DocChat.Web.Tests.Infrastructure;

namespace DocChat.Web.Tests.Controllers;

/// <summary>Uploads sent at once by one user (issue 12): the duplicate rule and the quota still hold.</summary>
public sealed class ParallelUploadTests() : SignedInTest(new Dictionary<string, string?>
{
    ["DocChat:Documents:MaxStorageBytesPerUser"] = (1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture),
})
{
    [Fact]
    public async Task TheSameNewFile_Twelve_TimesAtOnce_IsStoredOnce_AndNoRequestFails()
    {
        var file = ChatActions.TextFile("same.txt", "One file, uploaded twelve times at once.");

        var responses = await UploadAtOnceAsync(Enumerable.Repeat(file, 12));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Redirect, r.StatusCode));
        Assert.Equal(1, await Factory.CountAsync<Document>());
        var page = await Browser.GetAsync("/Documents");
        Assert.Single(page.Document.QuerySelectorAll("#documents tr.document"));
    }

    [Fact]
    public async Task TwelveFilesOf300KB_AtOnce_NeverPassTheQuota_AndTheRefusedAreToldWhy()
    {
        var files = Enumerable.Range(0, 12).Select(i => ChatActions.TextFile($"part{i}.txt", $"part {i} " + new string('x', 300 * 1024))).ToList();

        var responses = await UploadAtOnceAsync(files);

        var stored = await Factory.WithDbAsync(db => Task.FromResult(db.Documents.Sum(d => d.SizeBytes)));
        Assert.InRange(stored, 1, 1024 * 1024);
        Assert.Equal(3, await Factory.CountAsync<Document>());
        Assert.Equal(3, responses.Count(r => r.StatusCode == HttpStatusCode.Redirect));
        foreach (var refused in responses.Where(r => r.StatusCode != HttpStatusCode.Redirect))
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            var error = Assert.Single((await TestBrowser.ParseAsync(refused)).Texts("#upload-errors li"));
            Assert.StartsWith("These files would take your documents past your 1 MB storage limit", error, StringComparison.Ordinal);
        }
    }

    /// <summary>Each upload from its own copy of the Documents page (as from several tabs), all posted together.</summary>
    private async Task<HttpResponseMessage[]> UploadAtOnceAsync(IEnumerable<UploadFile> files)
    {
        var uploads = new List<Func<Task<HttpResponseMessage>>>();
        foreach (var file in files)
        {
            var page = await Browser.GetAsync("/Documents");
            uploads.Add(() => Browser.SubmitAsync(page.Form("#upload-form"), files: [file]));
        }

        return await Task.WhenAll(uploads.Select(upload => Task.Run(upload)));
    }
}
