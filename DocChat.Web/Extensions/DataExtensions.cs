using DocChat.Web.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace DocChat.Web.Extensions;

public static class DataExtensions
{
    public static void AddDocChatData(this WebApplicationBuilder builder, string dataDirectory)
    {
        var connectionString = DataPaths.ResolveConnectionString(builder.Configuration, dataDirectory);

        builder.Services.AddSingleton(new DataDirectory(dataDirectory));
        builder.Services.AddSingleton<IInterceptor, SqlitePragmaInterceptor>();
        builder.Services.AddDbContext<DocChatDbContext>((services, options) => options
            // A locked database is retried for at most this long (Microsoft.Data.Sqlite retries busy
            // until the command time-out), then the request answers 503 instead of hanging.
            .UseSqlite(connectionString, sqlite => sqlite.CommandTimeout(15))
            .AddInterceptors(services.GetServices<IInterceptor>())
            // Migrations are written by hand (no EF Design package here), so there is no model
            // snapshot to compare against. MigrationSchemaTests proves the migrated schema
            // equals the model instead.
            .ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning)));

        // Keys live in the database: they outlive restarts and are shared by every instance, so
        // login and session cookies stay valid whichever instance answers.
        builder.Services.AddDataProtection().SetApplicationName("DocChat");
        builder.Services.AddSingleton<DatabaseKeyRepository>();
        builder.Services.AddOptions<KeyManagementOptions>()
            .Configure<DatabaseKeyRepository>((options, repository) => options.XmlRepository = repository);
    }

    /// <summary>Creates or upgrades the database with the committed migrations.</summary>
    public static async Task MigrateDocChatDatabaseAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DocChatDbContext>();
        await db.Database.MigrateAsync();
        await DatabaseKeyRepository.ImportFilesAsync(
            db, Path.Combine(app.Services.GetRequiredService<DataDirectory>().Path, "keys"), app.Logger);

        // WAL lets readers continue while a message is written; the mode persists in the file.
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode = WAL;");
    }
}
