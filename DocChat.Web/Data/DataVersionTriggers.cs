namespace DocChat.Web.Data;

/// <summary>
/// Triggers that add one to <see cref="Entities.DocChatUser.DataVersion"/> whenever a row the
/// user's chat page shows is added, changed or deleted, by any code path, on any instance: the
/// version is what the rendered page is cached under (<see cref="Infrastructure.ChatPageCache"/>).
/// The migrations that create them (DataVersion, on each provider) call this class, so a change
/// to <see cref="Sources"/> needs a new migration that drops and re-creates them.
/// </summary>
public static class DataVersionTriggers
{
    /// <summary>
    /// The tables behind the chat page; for a row of each, its owner's user id ({0} is OLD or NEW);
    /// and the columns whose update counts (all when empty). Of a document the page shows only the
    /// name and whether it is Ready or gone: the ingestion's progress and lease, updated every
    /// second while a document is read, do not count.
    /// </summary>
    private static readonly (string Table, string Owner, string UpdateOf)[] Sources =
    [
        ("ChatSessions", "{0}.\"UserId\"", ""),
        ("ChatMessages", "(SELECT \"UserId\" FROM \"ChatSessions\" WHERE \"Id\" = {0}.\"SessionId\")", ""),
        ("ClearOperations", "{0}.\"UserId\"", ""),
        ("Documents", "{0}.\"UserId\"", " OF \"Status\", \"FileName\""),
        ("SessionDocuments", "(SELECT \"UserId\" FROM \"ChatSessions\" WHERE \"Id\" = {0}.\"SessionId\")", ""),
        ("UserPreferences", "{0}.\"UserId\"", ""),
    ];

    private static string Bump(string owner, string row) =>
        $"UPDATE \"AspNetUsers\" SET \"DataVersion\" = \"DataVersion\" + 1 WHERE \"Id\" = {string.Format(owner, row)};";

    public static IEnumerable<string> CreateSqlite() =>
        from source in Sources
        from op in new[] { ("INSERT", "NEW"), ("UPDATE", "NEW"), ("DELETE", "OLD") }
        select $"CREATE TRIGGER \"DataVersion_{source.Table}_{op.Item1}\" AFTER {op.Item1}{(op.Item1 == "UPDATE" ? source.UpdateOf : "")} ON \"{source.Table}\" BEGIN {Bump(source.Owner, op.Item2)} END;";

    public static IEnumerable<string> DropSqlite() =>
        from source in Sources
        from op in new[] { "INSERT", "UPDATE", "DELETE" }
        select $"DROP TRIGGER IF EXISTS \"DataVersion_{source.Table}_{op}\";";

    public static IEnumerable<string> CreatePostgres() =>
        from source in Sources
        select $"""
            CREATE FUNCTION "docchat_data_version_{source.Table}"() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF TG_OP = 'DELETE' THEN
                    {Bump(source.Owner, "OLD")}
                ELSE
                    {Bump(source.Owner, "NEW")}
                END IF;
                RETURN NULL;
            END $$;
            CREATE TRIGGER "DataVersion_{source.Table}" AFTER INSERT OR UPDATE{source.UpdateOf} OR DELETE ON "{source.Table}"
                FOR EACH ROW EXECUTE FUNCTION "docchat_data_version_{source.Table}"();
            """;

    public static IEnumerable<string> DropPostgres() =>
        from source in Sources
        select $"""
            DROP TRIGGER IF EXISTS "DataVersion_{source.Table}" ON "{source.Table}";
            DROP FUNCTION IF EXISTS "docchat_data_version_{source.Table}"();
            """;
}
