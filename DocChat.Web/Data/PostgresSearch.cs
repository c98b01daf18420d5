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
}
