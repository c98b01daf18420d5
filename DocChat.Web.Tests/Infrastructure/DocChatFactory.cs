using DocChat.Web.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace DocChat.Web.Tests.Infrastructure;

/// <summary>
/// The real app on a database of its own: every factory gets a fresh data folder (SQLite file,
/// logs, keys) that the app creates and migrates at start-up, and deletes it on dispose.
/// </summary>
public sealed class DocChatFactory : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> settings;

    private readonly string environment;
    private readonly Action<IServiceCollection>? services;

    public DocChatFactory(IDictionary<string, string?>? settings = null, string environment = "Development", Action<IServiceCollection>? services = null)
    {
        this.environment = environment;
        this.services = services;
        DataDirectory = Path.Combine(Path.GetTempPath(), "docchat-tests", Guid.NewGuid().ToString("N"));
        this.settings = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>())
        {
            ["DocChat:Data:Directory"] = DataDirectory,
        };
        if (OnPostgres && PostgresServer is { } server && !this.settings.ContainsKey("ConnectionStrings:DocChat"))
        {
            PostgresDatabase = $"docchat_test_{Guid.NewGuid():N}";
            this.settings["DocChat:Database:Provider"] = "Postgres";
            this.settings["ConnectionStrings:DocChat"] = $"{server};Database={PostgresDatabase}";
        }

        // Tests act faster than people: limits are lifted unless a test sets its own.
        foreach (var limit in new[] { "LoginPerAddress", "LoginPerAccount", "SendPerUser", "SendPerAddress", "UploadPerUser", "UploadPerAddress" })
        {
            this.settings.TryAdd($"DocChat:RateLimits:{limit}", "100000");
        }
    }

    /// <summary>
    /// The throwaway PostgreSQL server test.sh starts (<c>DOCCHAT_TEST_POSTGRES_SERVER</c>, a
    /// connection string without a database), for the tests of that provider.
    /// </summary>
    public static string? PostgresServer => Environment.GetEnvironmentVariable("DOCCHAT_TEST_POSTGRES_SERVER") is { Length: > 0 } server ? server : null;

    /// <summary>
    /// Whether every app of this run is on PostgreSQL (<c>DOCCHAT_TEST_PROVIDER=Postgres</c>), each
    /// factory on a database of its own on <see cref="PostgresServer"/>, dropped on dispose.
    /// </summary>
    public static bool OnPostgres => string.Equals(Environment.GetEnvironmentVariable("DOCCHAT_TEST_PROVIDER"), "Postgres", StringComparison.OrdinalIgnoreCase);

    public string? PostgresDatabase { get; }

    /// <summary>Runs a statement on <see cref="PostgresServer"/> (creating or dropping a test's database), after closing pooled connections.</summary>
    public static void OnPostgresServer(string statement)
    {
        NpgsqlConnection.ClearAllPools();
        using var server = new NpgsqlConnection($"{PostgresServer};Database=postgres");
        server.Open();
        using var command = server.CreateCommand();
        command.CommandText = statement;
        command.ExecuteNonQuery();
    }

    public string DataDirectory { get; }

    public string DatabasePath => Path.Combine(DataDirectory, "docchat.db");

    /// <summary>Settings that put another app on this one's database (a second instance).</summary>
    public Dictionary<string, string?> DatabaseSettings => PostgresDatabase is null
        ? new() { ["ConnectionStrings:DocChat"] = $"Data Source={DatabasePath}" }
        : new() { ["DocChat:Database:Provider"] = "Postgres", ["ConnectionStrings:DocChat"] = settings["ConnectionStrings:DocChat"] };

    public TestBrowser CreateBrowser(string baseAddress = "http://localhost") => new(this, new Uri(baseAddress));

    /// <summary>Runs <paramref name="action"/> with a DbContext from the app's own container.</summary>
    public async Task<T> WithDbAsync<T>(Func<DocChatDbContext, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<DocChatDbContext>());
    }

    public Task WithDbAsync(Func<DocChatDbContext, Task> action) =>
        WithDbAsync(async db =>
        {
            await action(db);
            return true;
        });

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);

        // Outside Development the host would look for the built assets (compressed, fingerprinted)
        // under the project's wwwroot, where they are not: the browser then gets empty responses
        // and runs no script at all. The build's static web assets manifest says where they are.
        builder.UseStaticWebAssets();

        // Identity's own hasher and hash format, with fewer PBKDF2 rounds than its 100,000
        // (100 ms a hash here): the suite registers and logs in some thousand times. The apps the
        // reliability tests start as processes (and every real install) keep the default.
        builder.ConfigureServices(collection => collection.Configure<PasswordHasherOptions>(options => options.IterationCount = 1_000));
        if (services is not null)
        {
            builder.ConfigureServices(services);
        }
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            SqliteConnection.ClearAllPools();
            if (PostgresDatabase is { } database)
            {
                OnPostgresServer($"""DROP DATABASE IF EXISTS "{database}" WITH (FORCE)""");
            }

            try
            {
                Directory.Delete(DataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A log file still flushing; the temp folder is cleaned by the OS.
            }
        }
    }
}
