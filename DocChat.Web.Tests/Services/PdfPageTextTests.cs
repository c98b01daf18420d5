using DocChat.Web.Services.Documents;

namespace DocChat.Web.Tests.Services;

public sealed class PdfPageTextTests
{
    [Fact]
    public void RunningHeadersAndFooters_AreRemoved_PageNumbersAndDatesAside()
    {
        string[] topics = ["Rivers", "Bridges", "Canals", "Harbours", "Locks"];
        var pages = Enumerable.Range(1, 5).Select(n =>
            $"14773_01_1-174_r9jm.qxd 2/{10 + n}/04 3:5{n} PM Page {88 + n}\n{topics[n - 1]} are the topic here.\nMore about {topics[n - 1].ToLowerInvariant()}.\n- {n} -").ToList();

        var tidied = PdfPageText.Tidy(pages);

        Assert.Equal(topics.Select(t => $"{t} are the topic here.\nMore about {t.ToLowerInvariant()}."), tidied);
    }

    [Fact]
    public void ALineRepeatedOnFewPages_AndAOneLinePage_AreKept()
    {
        var pages = new List<string>
        {
            "Introduction\nThe study began in spring.",
            "Method\nWe asked ten people.",
            "Results\nSeven said yes.",
            "Introduction\nA second introduction, for the appendix.",
            "Discussion\nMore work is needed.",
            "Results\nThe appendix results.",
            "Notes",
        };

        Assert.Equal(pages, PdfPageText.Tidy(pages));
    }

    [Theory]
    [InlineData("The committee dis-\ncussed the budget.", "The committee discussed the budget.")]
    [InlineData("a well-\nknown fact, as well-known as any", "a well-known fact, as well-known as any")]
    [InlineData("a state-of-the-\nart method", "a state-of-the-art method")]
    [InlineData("the years 1990-\n2000 and PRE-\nWAR", "the years 1990-\n2000 and PRE-\nWAR")]
    public void LineEndHyphenation_IsJoined_RealHyphensKept(string page, string expected) =>
        Assert.Equal([expected], PdfPageText.Tidy([page]));

    [Fact]
    public void AHyphenPdftotextDropped_IsPutBack_WhereTheDocumentWritesTheWordWithOne() =>
        // pdftotext joins every line that ends in a hyphen, real hyphens too ("wellknown").
        Assert.Equal(
            ["A well-known fact.", "It is well-known. Well-Known indeed."],
            PdfPageText.Tidy(["A wellknown fact.", "It is well-known. WellKnown indeed."]));
}
