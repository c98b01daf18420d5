namespace DocChat.Web.Services.Answering;

/// <summary>
/// Chinese, Japanese and Korean text has no spaces between words, so the word index holds each
/// run of those characters as one token and a question that shares only some words with it finds
/// nothing. Runs are also cut into overlapping pairs of characters (bigrams: "文档测试" is "文档",
/// "档测", "测试"), kept in an index of their own beside the word index.
/// </summary>
public static class CjkGrams
{
    /// <summary>Han ideographs, kana and Hangul.</summary>
    public static bool IsCjk(char c) => c is
        (>= '\u3040' and <= '\u30FF') or (>= '\u3400' and <= '\u4DBF') or (>= '\u4E00' and <= '\u9FFF')
        or (>= '\uF900' and <= '\uFAFF') or (>= '\uAC00' and <= '\uD7AF') or (>= '\u1100' and <= '\u11FF') or (>= '\u3130' and <= '\u318F');

    /// <summary>Han ideographs and kana: scripts written without spaces between words (Hangul has them).</summary>
    public static bool WritesWithoutSpaces(char c) => c is (>= '\u3040' and <= '\u30FF') or (>= '\u3400' and <= '\u4DBF') or (>= '\u4E00' and <= '\u9FFF') or (>= '\uF900' and <= '\uFAFF');

    /// <summary>The bigrams of every run of CJK characters in order (a run of one character is itself).</summary>
    public static IEnumerable<string> Of(string text)
    {
        // Every CJK character lies in U+1100..U+FAFF: text with none there (most text) has no bigram.
        var first = text.AsSpan().IndexOfAnyInRange('\u1100', '\uFAFF');
        if (first < 0)
        {
            yield break;
        }

        var start = -1;
        for (var i = first; i <= text.Length; i++)
        {
            if (i < text.Length && IsCjk(text[i]))
            {
                start = start < 0 ? i : start;
                continue;
            }

            if (start >= 0)
            {
                if (i - start == 1)
                {
                    yield return text[start..i];
                }

                for (var j = start; j + 1 < i; j++)
                {
                    yield return text.Substring(j, 2);
                }

                start = -1;
            }
        }
    }
}
