namespace DocChat.Web.Options;

public enum DatabaseProvider
{
    /// <summary>The embedded default: one SQLite file under the data folder, nothing to install.</summary>
    Sqlite,

    /// <summary>A PostgreSQL server, for several app instances on one database.</summary>
    Postgres,
}

/// <summary>Which database DocChat runs on (section <c>DocChat:Database</c>); the connection string stays <c>ConnectionStrings:DocChat</c>.</summary>
public sealed class DatabaseOptions
{
    public const string SectionName = "DocChat:Database";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;
}
