using DocChat.Web.Options;
using DocChat.Web.Services.Documents;
using DocChat.Web.Tests.Infrastructure;

namespace DocChat.Web.Tests.Services;

public sealed class DocxReaderTests
{
    [Fact]
    public async Task ZipBomb_IsRefusedBeforeParsing_WithoutHoldingWhatItInflatesTo()
    {
        var reader = new DocxReader(Microsoft.Extensions.Options.Options.Create(new DocumentOptions { MaxDocxUncompressedBytes = 20 * 1024 * 1024 }));
        var bomb = SampleFiles.ZipBomb("bomb.docx", 100L * 1024 * 1024);

        // The container check runs synchronously on this thread, so this thread's allocations are its cost.
        var before = GC.GetAllocatedBytesForCurrentThread();
        var refused = await Assert.ThrowsAsync<DocumentReadException>(() => reader.ReadAsync(bomb.Content, "bomb.docx", null, CancellationToken.None));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal("bomb.docx is refused: its contents would unpack to more than 20 MB.", refused.Message);
        Assert.True(allocated < 5L * 1024 * 1024, $"Refusing allocated {allocated / 1024} KB.");
    }
}
