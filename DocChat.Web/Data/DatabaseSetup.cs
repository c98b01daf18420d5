using DocChat.Web.Options;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace DocChat.Web.Data;

/// <summary>A setting that keeps the app from starting, with what to fix.</summary>
public sealed class DatabaseSetupException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Reads and checks the database settings at start-up (<c>DocChat:Database:Provider</c> and
/// <c>ConnectionStrings:DocChat</c>) and brings the database up to date. A wrong provider name,
/// a malformed or missing PostgreSQL connection string or an unreachable server stop the start
/// with a message naming the setting.
/// </summary>
public static class DatabaseSetup
{
    private const string ProviderSetting = $"{DatabaseOptions.SectionName}:{nameof(DatabaseOptions.Provider)}";
    internal const string ConnectionSetting = $"ConnectionStrings:{DataPaths.ConnectionStringName}";

    public static DatabaseProvider Provider(IConfiguration configuration)
    {
        var value = configuration[ProviderSetting];
        if (string.IsNullOrWhiteSpace(value))
        {
            return DatabaseProvider.Sqlite;
        }

        return Enum.TryParse<DatabaseProvider>(value.Trim(), ignoreCase: true, out var provider) && Enum.IsDefined(provider)
            ? provider
            : throw new DatabaseSetupException(
                $"{ProviderSetting} is \"{value}\", which is not a database DocChat runs on. Use Sqlite (the default: one file under the data folder) or Postgres.");
    }

    public static string PostgresConnectionString(IConfiguration configuration)
    {
        var value = configuration.GetConnectionString(DataPaths.ConnectionStringName);
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new DatabaseSetupException(
                $"{ProviderSetting} is Postgres, but {ConnectionSetting} is not set. Set it to the server's connection string, e.g. \"Host=db.example.org;Database=docchat;Username=docchat;Password=...\".");
        }

        try
        {
            return new NpgsqlConnectionStringBuilder(value).ConnectionString;
        }
        catch (ArgumentException exception)
        {
            throw new DatabaseSetupException(
                $"{ConnectionSetting} is not a PostgreSQL connection string ({exception.Message}). Expected e.g. \"Host=db.example.org;Database=docchat;Username=docchat;Password=...\".", exception);
        }
    }

    /// <summary>Applies the provider's migrations; on SQLite also turns on WAL (readers go on while a message is written; the mode persists in the file).</summary>
    public static async Task MigrateAsync(DocChatDbContext db)
    {
        if (!db.Database.IsNpgsql())
        {
            await db.Database.MigrateAsync();
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode = WAL;");
            return;
        }

        try
        {
            // Instances starting together on a new or older database: EF Core's own migration lock
            // on PostgreSQL is released at each migration's commit, and a second instance then
            // re-ran a migration the first had just applied ("column already exists"). The lock
            // needs a connection to the database, so a missing database is created first.
            var creator = db.GetService<IRelationalDatabaseCreator>();
            if (!await creator.ExistsAsync())
            {
                try
                {
                    await creator.CreateAsync();
                }
                catch (PostgresException exception) when (exception.SqlState is PostgresErrorCodes.DuplicateDatabase or PostgresErrorCodes.UniqueViolation)
                {
                    // Another instance created it first (at the same moment, PostgreSQL reports the
                    // clash on its catalog's unique index instead).
                }
            }

            await WriteLocks.OneInstanceAtATimeAsync(db, "migrations", () => db.Database.MigrateAsync(), CancellationToken.None);
        }
        // EF Core's execution strategy wraps a failure it deems transient (the server refusing the
        // connection) in an InvalidOperationException.
        catch (Exception caught) when ((caught as NpgsqlException ?? caught.InnerException as NpgsqlException) is { } exception)
        {
            var settings = new NpgsqlConnectionStringBuilder(db.Database.GetConnectionString());
            throw new DatabaseSetupException(
                $"Cannot use the PostgreSQL database \"{settings.Database}\" at {settings.Host}:{settings.Port} ({exception.Message}). "
                + $"Check {ConnectionSetting} and that the server is running and accepts this user.", exception);
        }
    }
}
