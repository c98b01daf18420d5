using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Globalization;

namespace DocChat.Web.Data;

/// <summary>
/// The words of a passage as SQLite's passage indexes store them: each word prefixed with its
/// owner's key, so every user has terms of their own. A search for key + word reads that user's
/// list of passages only, and bm25() counts the passages holding the word among that user's only:
/// another user's uploads neither slow a search nor make one of the user's words look common
/// (docs/decisions/passage-index.md).
/// The key has no vowel (and no "y"), so the porter stemmer, which looks at the vowels and
/// consonants of the whole token, stems the word behind it as it stems the word alone: 44 of the
/// 23,056 distinct words of the qa-eval documents come out differently, all short ("use" is no
/// longer stemmed to "us", nor "ones" to "on") or starting with "y".
/// SQLite calls <see cref="Of"/> as the function <see cref="Function"/> (registered on every
/// connection by <see cref="SqliteConnectionSetup"/>) when the ingestion fills the index and when
/// the delete trigger hands FTS5 a passage's terms to remove.
/// </summary>
public static class OwnedWords
{
    /// <summary>docchat_owned_words(user id, text): the text as the index stores it.</summary>
    public const string Function = "docchat_owned_words";

    /// <summary>Digits and consonants other than "y": what the stemmer reads as leading consonants.</summary>
    private const string KeyAlphabet = "0123456789bcdfghjklmnpqrstvwxz";

    /// <summary>
    /// 13 characters of a hash of the user id (about 2^64 keys). Two users sharing a key would
    /// only share term lists: a search still keeps the user's own documents only.
    /// </summary>
    public const int KeyLength = 13;

    /// <summary>The user's key: the first 64 bits of the SHA-256 of the id, in <see cref="KeyAlphabet"/>.</summary>
    public static string Key(string userId)
    {
        // The ingestion asks for one user's key for every passage it indexes.
        if (lastKey is { } last && last.UserId == userId)
        {
            return last.Key;
        }

        var key = ComputeKey(userId);
        lastKey = new KnownKey(userId, key);
        return key;
    }

    /// <summary>The last key computed (a reference, so threads read a whole pair or none).</summary>
    private static KnownKey? lastKey;

    private sealed record KnownKey(string UserId, string Key);

    private static string ComputeKey(string userId)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(userId), hash);
        var value = BinaryPrimitives.ReadUInt64BigEndian(hash);
        return string.Create(KeyLength, value, static (key, value) =>
        {
            for (var i = 0; i < key.Length; i++)
            {
                key[i] = KeyAlphabet[(int)(value % (ulong)KeyAlphabet.Length)];
                value /= (ulong)KeyAlphabet.Length;
            }
        });
    }

    /// <summary>
    /// Every word of the text with the user's key before it, separated by spaces. A word is what
    /// FTS5's unicode61 tokenizer keeps together (letters, digits, non-spacing marks, private use),
    /// so the tokenizer sees each key and its word as one token.
    /// </summary>
    public static string Of(string userId, string text)
    {
        var key = Key(userId);
        var owned = new StringBuilder(text.Length + text.Length / 4 * key.Length);
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            if (i < text.Length && IsWordCharacter(text[i]))
            {
                start = start < 0 ? i : start;
            }
            else if (start >= 0)
            {
                owned.Append(key).Append(text.AsSpan(start, i - start)).Append(' ');
                start = -1;
            }
        }

        return owned.ToString();
    }

    /// <summary>Letters, digits, non-spacing marks and private use: what unicode61 keeps in a token (a surrogate is none of them).</summary>
    private static bool IsWordCharacter(char c) => char.IsAsciiLetterOrDigit(c) || (c > '\u007F' && char.GetUnicodeCategory(c) is
        UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter or UnicodeCategory.ModifierLetter
        or UnicodeCategory.OtherLetter or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber
        or UnicodeCategory.NonSpacingMark or UnicodeCategory.PrivateUse);

    /// <summary>The terms of a search, each with the user's key (terms are runs of letters and digits).</summary>
    public static IEnumerable<string> Terms(string userId, IEnumerable<string> terms)
    {
        var key = Key(userId);
        return terms.Select(term => key + term);
    }
}
