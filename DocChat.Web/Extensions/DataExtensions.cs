using DocChat.Web.Data;
using DocChat.Web.Options;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace DocChat.Web.Extensions;

public static class DataExtensions
{
    public static void AddDocChatData(this WebApplicationBuilder builder, string dataDirectory)
    {
        var provider = DatabaseSetup.Provider(builder.Configuration);
        builder.Services.Configure<DatabaseOptions>(options => options.Provider = provider);
        builder.Services.AddSingleton(new DataDirectory(dataDirectory));
        // Pooled contexts: a request reuses a context with its options and services already built
        // (building them was a third of a small request's CPU). The contexts hold no state of their
        // own; EF Core resets their tracking when they go back to the pool.
        if (provider == DatabaseProvider.Postgres)
        {
            var postgres = DatabaseSetup.PostgresConnectionString(builder.Configuration);
            builder.Services.AddDbContextPool<DocChatDbContext, PostgresDocChatDbContext>((services, options) => Common(options, services)
                .UseNpgsql(postgres, npgsql => npgsql.CommandTimeout(15)));
        }
        else
        {
            var sqlite = DataPaths.ResolveConnectionString(builder.Configuration, dataDirectory);
            builder.Services.AddSingleton<IInterceptor, SqliteWriteQueue>();
            builder.Services.AddDbContextPool<DocChatDbContext>((services, options) => Common(options, services)
                // A locked database is retried for at most this long (Microsoft.Data.Sqlite retries busy
                // until the command time-out), then the request answers 503 instead of hanging.
                .UseSqlite(sqlite, options => options.CommandTimeout(15))
                .AddInterceptors(SqliteConnectionSetup.Instance));
        }

        // Keys live in the database: they outlive restarts and are shared by every instance, so
        // login and session cookies stay valid whichever instance answers.
        builder.Services.AddDataProtection().SetApplicationName("DocChat");
        builder.Services.AddSingleton<DatabaseKeyRepository>();
        builder.Services.AddOptions<KeyManagementOptions>()
            .Configure<DatabaseKeyRepository>((options, repository) => options.XmlRepository = repository);
    }

    private static DbContextOptionsBuilder Common(DbContextOptionsBuilder options, IServiceProvider services) => options
        .AddInterceptors(services.GetServices<IInterceptor>())
        // Migrations are written by hand (no EF Design package here), so there is no model
        // snapshot to compare against. MigrationSchemaTests proves the migrated schema
        // equals the model instead.
        .ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning));

    /// <summary>Creates or upgrades the database with the committed migrations of its provider.</summary>
    public static async Task MigrateDocChatDatabaseAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DocChatDbContext>();
        await DatabaseSetup.MigrateAsync(db);
        await DatabaseKeyRepository.ImportFilesAsync(
            db, Path.Combine(app.Services.GetRequiredService<DataDirectory>().Path, "keys"), app.Logger);
        await DatabaseKeyRepository.EnsureKeyAsync(
            db, app.Services.GetRequiredService<IKeyManager>(), CancellationToken.None);
    }
}
