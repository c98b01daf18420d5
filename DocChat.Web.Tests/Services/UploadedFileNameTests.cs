using DocChat.Web.Services.Documents;

namespace DocChat.Web.Tests.Services;

public sealed class UploadedFileNameTests
{
    [Theory]
    [InlineData("notes.txt", "notes.txt")]
    [InlineData("../../etc/passwd.txt", "passwd.txt")]
    [InlineData("C:\\Users\\me\\report.md", "report.md")]
    [InlineData("bad\u0000na\u001fme.txt", "badname.txt")]
    [InlineData("..", "document")]
    [InlineData("", "document")]
    [InlineData(null, "document")]
    public void Clean_KeepsOnlyTheLastSegmentWithoutControlCharacters(string? input, string expected) =>
        Assert.Equal(expected, UploadedFileName.Clean(input));

    [Fact]
    public void Clean_TruncatesLongNames_KeepingTheExtension()
    {
        var cleaned = UploadedFileName.Clean(new string('n', 400) + ".md");

        Assert.Equal(255, cleaned.Length);
        Assert.EndsWith(".md", cleaned, StringComparison.Ordinal);
    }
}
