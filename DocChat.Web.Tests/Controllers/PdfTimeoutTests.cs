using System.Net;
using DocChat.Web.Data.Entities;
using DocChat.Web.Tests.Infrastructure;

namespace DocChat.Web.Tests.Controllers;

public sealed class PdfTimeoutTests() : SignedInTest(new Dictionary<string, string?> { ["DocChat:Documents:PdfTimeoutSeconds"] = "0.001" })
{
    [Fact]
    public async Task PdfThatMakesTheExtractorTimeOut_IsRefusedWith400_AndTheProcessIsStopped()
    {
        var response = await Browser.TryUploadAsync(SampleFiles.Pdf("slow.pdf", "Some text"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["slow.pdf took too long to read (over 0.001 seconds) and was refused."], (await TestBrowser.ParseAsync(response)).Texts("#upload-errors li"));
        Assert.Equal(0, await Factory.CountAsync<Document>());
        Assert.Empty(Directory.GetFiles(Path.Combine(Factory.DataDirectory, "tmp")));
    }
}
