using System.Text;
using DocChat.Web.Services.Documents;

namespace DocChat.Web.Tests.Services;

/// <summary>Text files in legacy encodings read as their authors wrote them (issue 10, item 1).</summary>
public sealed class TextDecodingTests
{
    private const string Russian = "Москва — столица России, крупнейший по численности населения город страны. Город стоит на реке Москве. "
        + "В городе много музеев, театров и университетов, а метро перевозит миллионы пассажиров каждый день.";

    private const string French = "Le café de la gare est fermé le dimanche. Nous avons mangé une crème brûlée très sucrée, "
        + "puis nous sommes allés à la plage où les enfants jouaient près de l'eau.";

    private const string Arabic = "القاهرة هي عاصمة جمهورية مصر العربية وأكبر مدنها. تقع المدينة على ضفاف نهر النيل "
        + "ويعيش فيها ملايين الناس الذين يعملون في التجارة والصناعة والتعليم.";

    private const string English = "The quick brown fox jumps over the lazy dog. Mainframe files are often kept in EBCDIC, "
        + "where letters and digits have other byte values than in ASCII.";

    static TextDecodingTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    [Theory]
    [InlineData(Russian, 1251)]
    [InlineData(Russian, 866)]
    [InlineData(French, 1252)]
    [InlineData(Arabic, 28596)]
    [InlineData(English, 500)]
    public void ALegacyCodePage_IsRecognised(string text, int codePage)
    {
        var encoding = Encoding.GetEncoding(codePage);
        var bytes = encoding.GetBytes(text);

        // What the code page can hold of the text (cp866 has no em dash: it stores "-").
        Assert.Equal(encoding.GetString(bytes), TextDecoding.Decode(bytes));
        Assert.Contains(text.Split(' ')[2], TextDecoding.Decode(bytes), StringComparison.Ordinal);
    }

    [Fact]
    public void ByteOrderMarks_AndUtf8_AreReadAsSuch()
    {
        Assert.Equal(Russian, TextDecoding.Decode([.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(Russian)]));
        Assert.Equal(Russian, TextDecoding.Decode([.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(Russian)]));
        Assert.Equal(French, TextDecoding.Decode(Encoding.UTF8.GetBytes(French)));
    }

    [Fact]
    public void ADeclaredCharset_IsUsed()
    {
        // Short Cyrillic text that the guess alone could read otherwise: the declaration decides.
        var html = "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1251\"></head><body>Привет, мир</body></html>";

        Assert.Equal(html, TextDecoding.Decode(Encoding.GetEncoding(1251).GetBytes(html)));
    }

    [Fact]
    public void BytesThatAreNoText_AreRefusedWithAMessage()
    {
        var random = new byte[4000];
        new Random(7).NextBytes(random);
        for (var i = 0; i < random.Length; i++)
        {
            random[i] = random[i] == 0 ? (byte)1 : random[i];
        }

        var error = Assert.Throws<DocumentReadException>(() => TextDecoding.Decode(random, "noise.txt"));
        Assert.Equal("noise.txt is refused: its text encoding could not be recognised. Save it as UTF-8 and upload it again.", error.Message);
    }
}
