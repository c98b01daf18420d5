using System.Net;
using DocChat.Web.Data.Entities;
using DocChat.Web.Tests.Infrastructure;

namespace DocChat.Web.Tests.Controllers;

public sealed class PdfTimeoutTests() : SignedInTest(new Dictionary<string, string?>
{
    ["DocChat:Documents:PdfToTextPath"] = HangingExtractor.Value,
    ["DocChat:Documents:PdfTimeoutSeconds"] = "0.5",
})
{
    /// <summary>A stand-in for pdftotext that never finishes, as a pathological PDF would make it.</summary>
    private static readonly Lazy<string> HangingExtractor = new(() =>
    {
        var path = Path.Combine(Path.GetTempPath(), $"docchat-hanging-pdftotext-{Environment.ProcessId}.sh");
        File.WriteAllText(path, "#!/bin/sh\nexec sleep 60\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return path;
    });

    [Fact]
    public async Task PdfThatMakesTheExtractorTimeOut_IsRefusedWith400_AndTheProcessIsStopped()
    {
        var response = await Browser.TryUploadAsync(SampleFiles.Pdf("slow.pdf", "Some text"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["slow.pdf took too long to read (over 0.5 seconds) and was refused."], (await TestBrowser.ParseAsync(response)).Texts("#upload-errors li"));
        Assert.Equal(0, await Factory.CountAsync<Document>());
        Assert.Empty(Directory.GetFiles(Path.Combine(Factory.DataDirectory, "tmp")));
        Assert.DoesNotContain(System.Diagnostics.Process.GetProcessesByName("sleep"), p => p.StartTime > DateTime.Now.AddSeconds(-30) && !p.HasExited);
    }
}
