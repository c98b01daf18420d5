using Microsoft.EntityFrameworkCore;

namespace DocChat.Web.Data;

/// <summary>The same model on PostgreSQL; its migrations are those of Data/PostgresMigrations.</summary>
public sealed class PostgresDocChatDbContext(DbContextOptions<PostgresDocChatDbContext> options) : DocChatDbContext(options)
{
    /// <summary>None of SQLite's connection set-up applies here.</summary>
    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder)
    {
    }
}
