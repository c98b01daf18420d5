namespace DocChat.Web.Data;

/// <summary>
/// Full-text search on PostgreSQL: passages and messages carry a generated <c>tsvector</c> column
/// (<see cref="VectorColumn"/>, built with the <see cref="Configuration"/> text search
/// configuration: English stemming, like the porter tokenizer of SQLite's FTS5) with a GIN index.
/// </summary>
public static class PostgresSearch
{
    public const string VectorColumn = "SearchVector";
    public const string Configuration = "english";

    /// <summary>The bigrams of passages with Chinese, Japanese or Korean text (a <c>text[]</c> with a GIN index), which the tsvector parser does not split into words.</summary>
    public const string GramsTable = "DocumentChunkGrams";

    /// <summary>
    /// The search vector of a text column. PostgreSQL's parser reads anything between angle
    /// brackets as an XML tag and indexes none of it ("&lt;b&gt;giraffe&lt;/b&gt;" would not be
    /// found by "giraffe"), so the brackets are read as spaces, as SQLite's tokenizer does.
    /// </summary>
    public static string VectorOf(string column) => $"to_tsvector('{Configuration}', translate(\"{column}\", '<>', '  '))";

    /// <summary>
    /// The column with its angle brackets replaced by two private-use characters, for ts_headline
    /// (which would drop a "tag"); <see cref="RestoreBrackets"/> puts them back in the result.
    /// </summary>
    public static string BracketsHidden(string column) => $"translate({column}, '<>', U&'\\E000\\E001')";

    public static string RestoreBrackets(string text) => text.Replace('\uE000', '<').Replace('\uE001', '>');
}
