using System.Text.RegularExpressions;
using DocChat.Web.Data.Entities;

namespace DocChat.Web.Services.Answering;

/// <summary>Maps a model's [n] citations to the passages it was given; a citation of anything else is dropped.</summary>
public static partial class Citations
{
    [GeneratedRegex(@"\[(\d{1,3})\]")]
    private static partial Regex Citation();

    public static (string Text, IReadOnlyList<MessageReference> References) Map(
        string text, IReadOnlyList<RetrievedPassage> passages, int quoteCharacters)
    {
        var cited = new SortedDictionary<int, MessageReference>();
        var mapped = Citation().Replace(text, match =>
        {
            var number = int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            if (number < 1 || number > passages.Count)
            {
                return "";
            }

            var passage = passages[number - 1];
            cited.TryAdd(number, References.For(number, passage, ExtractiveAnswerEngine.Excerpt(passage.Text, new TextSpan(0, 0), quoteCharacters)));
            return match.Value;
        });

        return (mapped, cited.Values.ToList());
    }
}
