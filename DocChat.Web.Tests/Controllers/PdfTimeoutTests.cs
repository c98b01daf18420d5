using DocChat.Web.Data.Entities;
using DocChat.Web.Tests.Infrastructure;

namespace DocChat.Web.Tests.Controllers;

[Trait("Provider", "Any")]
public sealed class PdfTimeoutTests() : SignedInTest(new Dictionary<string, string?>
{
    ["DocChat:Documents:PdfToTextPath"] = HangingExtractor.Value,
    ["DocChat:Documents:PdfTimeoutSeconds"] = "0.5",
})
{
    private static readonly string PidFile = Path.Combine(Path.GetTempPath(), $"docchat-hanging-pdftotext-{Environment.ProcessId}.pid");

    /// <summary>A stand-in for pdftotext that never finishes, as a pathological PDF would make it; it records its process id.</summary>
    private static readonly Lazy<string> HangingExtractor = new(() =>
    {
        var path = Path.Combine(Path.GetTempPath(), $"docchat-hanging-pdftotext-{Environment.ProcessId}.sh");
        File.WriteAllText(path, $"#!/bin/sh\necho $$ > '{PidFile}'\nexec sleep 60\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return path;
    });

    [Fact]
    public async Task PdfThatMakesTheExtractorTimeOut_FailsWithTheReason_AndTheProcessIsStopped()
    {
        var reason = await Browser.UploadFailingAsync(SampleFiles.Pdf("slow.pdf", "Some text"));

        Assert.Equal("slow.pdf took too long to read (over 0.5 seconds) and was refused.", reason);
        Assert.Equal(0, await Factory.CountAsync<DocumentChunk>());
        Assert.Equal(0, await Factory.WaitingUploadsAsync());
        Assert.Empty(Directory.GetFiles(Path.Combine(Factory.DataDirectory, "tmp")));
        var pid = int.Parse(File.ReadAllText(PidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.False(IsRunning(pid), $"The extractor process {pid} is still running after the time-out.");
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
