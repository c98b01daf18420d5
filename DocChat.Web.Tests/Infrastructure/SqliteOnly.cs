namespace DocChat.Web.Tests.Infrastructure;

/// <summary>
/// A test of what only SQLite has (its files, pragmas, query plans, locks): it runs in the SQLite
/// pass of test.sh and is skipped in the PostgreSQL pass, which has tests of its own for these.
/// </summary>
public sealed class SqliteFactAttribute : FactAttribute
{
    public SqliteFactAttribute()
    {
        if (DocChatFactory.OnPostgres)
        {
            Skip = "SQLite only";
        }
    }
}

/// <inheritdoc cref="SqliteFactAttribute"/>
public sealed class SqliteTheoryAttribute : TheoryAttribute
{
    public SqliteTheoryAttribute()
    {
        if (DocChatFactory.OnPostgres)
        {
            Skip = "SQLite only";
        }
    }
}

/// <summary>A test of what only PostgreSQL has: it runs in the PostgreSQL pass of test.sh only.</summary>
public sealed class PostgresTheoryAttribute : TheoryAttribute
{
    public PostgresTheoryAttribute()
    {
        if (!DocChatFactory.OnPostgres)
        {
            Skip = "PostgreSQL only";
        }
    }
}

/// <summary>
/// A test that sets up its own PostgreSQL databases (app processes on one, or a copy from SQLite
/// into one) on the server test.sh starts: it runs once, in the first (SQLite) pass.
/// </summary>
public sealed class PostgresServerFactAttribute : FactAttribute
{
    public PostgresServerFactAttribute()
    {
        if (DocChatFactory.OnPostgres)
        {
            Skip = "runs in the SQLite pass";
        }
        else if (DocChatFactory.PostgresServer is null)
        {
            Skip = "needs the PostgreSQL server ./test.sh starts (DOCCHAT_TEST_POSTGRES_SERVER)";
        }
    }
}
