using DocChat.Web.Services.Documents;

namespace DocChat.Web.Tests.Services;

public sealed class MarkdownReaderTests
{
    [Theory]
    [InlineData("# Setup", "Setup")]
    [InlineData("   ### Usage notes ###", "Usage notes")]
    [InlineData("###### Six", "Six")]
    [InlineData("## C#", "C#")]
    [InlineData("#\tTabbed", "Tabbed")]
    public void HeadingTitle_ReadsAtxHeadings(string line, string title) =>
        Assert.Equal(title, MarkdownReader.HeadingTitle(line));

    [Theory]
    [InlineData("#NoSpace")]
    [InlineData("####### Seven")]
    [InlineData("    # Indented code")]
    [InlineData("# ")]
    [InlineData("Plain text")]
    public void HeadingTitle_IsNull_ForWhatIsNotAHeading(string line) =>
        Assert.Null(MarkdownReader.HeadingTitle(line));
}
