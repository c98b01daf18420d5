using DocChat.Web.Services.Chat;

namespace DocChat.Web.Tests.Services;

public sealed class MessageSearchWindowTests
{
    private const char S = MessageSearch.MatchStart;
    private const char E = MessageSearch.MatchEnd;

    [Fact]
    public void AShortMessage_IsWhole_WithItsPunctuation() =>
        Assert.Equal($"<script>alert('{S}giraffe{E}')</script>", MessageSearch.Window($"<script>alert('{S}giraffe{E}')</script>\n"));

    [Fact]
    public void ALongMessage_IsCutAroundTheFirstMatch_WithEllipses()
    {
        var words = Enumerable.Range(1, 40).Select(i => i == 20 ? $"{S}okapi{E}" : $"w{i}").ToList();

        var window = MessageSearch.Window(string.Join(' ', words), words: 8);

        Assert.Equal($"…w18 w19 {S}okapi{E} w21 w22 w23 w24 w25…", window);
    }

    [Fact]
    public void AMatchNearTheEnd_StillGetsAFullWindow() =>
        Assert.Equal($"…w3 w4 w5 {S}end{E}", MessageSearch.Window($"w1 w2 w3 w4 w5 {S}end{E}", words: 4));
}
