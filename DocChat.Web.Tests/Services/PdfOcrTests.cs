using DocChat.Web.Services.Documents;

namespace DocChat.Web.Tests.Services;

public sealed class PdfOcrTests
{
    private const string Header = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext";

    private static string Word(int block, int paragraph, int line, double confidence, string text) =>
        $"5\t1\t{block}\t{paragraph}\t{line}\t1\t0\t0\t10\t10\t{confidence.ToString(System.Globalization.CultureInfo.InvariantCulture)}\t{text}";

    [Fact]
    public void Tsv_BecomesLinesAndParagraphs()
    {
        var tsv = string.Join('\n',
            Header,
            "1\t1\t0\t0\t0\t0\t0\t0\t100\t100\t-1\t",
            Word(1, 1, 1, 96, "Happy"), Word(1, 1, 1, 95.5, "New"), Word(1, 1, 2, 91, "Year"),
            Word(2, 1, 1, 88, "Second"), Word(2, 1, 1, 90, "block"));

        Assert.Equal("Happy New\nYear\n\nSecond block", PdfOcr.FromTsv(tsv));
    }

    [Fact]
    public void LowConfidence_IsTakenForNoise() =>
        Assert.Null(PdfOcr.FromTsv(string.Join('\n', Header, Word(1, 1, 1, 20, "~|#"), Word(1, 1, 1, 35, "ee"))));
}
