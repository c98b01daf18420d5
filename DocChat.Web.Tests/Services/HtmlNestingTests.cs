using DocChat.Web.Services.Documents;

namespace DocChat.Web.Tests.Services;

public sealed class HtmlNestingTests
{
    private const int Limit = 50;

    [Theory]
    [InlineData("<p>one<p>two", 10_000)]
    [InlineData("<li>one<li>two", 10_000)]
    [InlineData("<dt>term<dd>meaning", 10_000)]
    [InlineData("<tr><td>cell<td>cell", 10_000)]
    [InlineData("<a href=x>link<a href=y>link", 10_000)]
    [InlineData("<div>a</div><span>b</span>", 10_000)]
    [InlineData("<br><img src=x><hr><input>", 10_000)]
    public void SiblingsAndUnclosedItems_MeasureShallow(string repeated, int times) =>
        Assert.False(HtmlNesting.IsDeeperThan(string.Concat(Enumerable.Repeat(repeated, times)), Limit, CancellationToken.None));

    [Theory]
    [InlineData("<div>")]
    [InlineData("<div/>")]
    [InlineData("<b>")]
    [InlineData("<ul><li>")]
    [InlineData("<table><tr><td>")]
    [InlineData("<blockquote><p>")]
    public void RealNesting_PastTheLimit_MeasuresDeep(string repeated) =>
        Assert.True(HtmlNesting.IsDeeperThan(string.Concat(Enumerable.Repeat(repeated, Limit + 1)), Limit, CancellationToken.None));

    [Fact]
    public void TagsInsideScriptsStylesAndTextareas_DoNotCount()
    {
        var markup = string.Concat(Enumerable.Repeat("<div>", Limit + 1));
        var html = $"<script>var s = '{markup}';</script><style>/* {markup} */</style><textarea>{markup}</textarea><title>{markup}</title>";

        Assert.False(HtmlNesting.IsDeeperThan(html, Limit, CancellationToken.None));
    }

    [Fact]
    public void SelfClosingTags_CountOnlyInsideSvg()
    {
        var svg = "<svg>" + string.Concat(Enumerable.Repeat("<g/>", Limit + 1)) + "</svg>";

        Assert.False(HtmlNesting.IsDeeperThan(svg, Limit, CancellationToken.None));
    }

    [Fact]
    public void ACancelledScan_Stops() =>
        Assert.Throws<OperationCanceledException>(() =>
            HtmlNesting.IsDeeperThan(string.Concat(Enumerable.Repeat("<span>x</span>", 10_000)), Limit, new CancellationToken(canceled: true)));
}
