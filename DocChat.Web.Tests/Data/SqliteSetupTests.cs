using DocChat.Web.Data;
using DocChat.Web.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace DocChat.Web.Tests.Data;

public sealed class SqliteSetupTests
{
    [Fact]
    public async Task BundledEngine_IsSqlite350_WithFts5AndTheTrigramTokenizer()
    {
        await using var connection = new SqliteConnection("Data Source=:memory:");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT sqlite_version(), sqlite_compileoption_used('ENABLE_FTS5')";
        await using (var reader = await command.ExecuteReaderAsync())
        {
            Assert.True(await reader.ReadAsync());
            Assert.True(Version.Parse(reader.GetString(0)) >= new Version(3, 50), reader.GetString(0));
            Assert.Equal(1L, reader.GetInt64(1));
        }

        command.CommandText = "CREATE VIRTUAL TABLE t USING fts5(x, tokenize = 'trigram'); INSERT INTO t VALUES ('documents'); SELECT count(*) FROM t WHERE t MATCH 'cume'";
        Assert.Equal(1L, await command.ExecuteScalarAsync());
    }

    [SqliteFact]
    public async Task AppConnections_UseWalForeignKeysBusyTimeoutAndSecureDelete()
    {
        using var factory = new DocChatFactory();
        _ = factory.Server;

        // The settings are applied once per underlying connection: they must hold every time the
        // pool hands one out again, not only the first.
        for (var use = 0; use < 3; use++)
        {
            await AssertPragmasAsync(factory);
        }

        Assert.True(File.Exists(factory.DatabasePath));
    }

    private static async Task AssertPragmasAsync(DocChatFactory factory)
    {
        var pragmas = await factory.WithDbAsync(async db =>
        {
            await db.Database.OpenConnectionAsync();
            var connection = db.Database.GetDbConnection();
            var values = new Dictionary<string, string>();
            foreach (var name in new[] { "journal_mode", "foreign_keys", "busy_timeout", "secure_delete", "synchronous" })
            {
                await using var command = connection.CreateCommand();
                command.CommandText = $"PRAGMA {name}";
                values[name] = Convert.ToString(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture)!;
            }

            return values;
        });

        Assert.Equal("wal", pragmas["journal_mode"]);
        Assert.Equal("1", pragmas["foreign_keys"]);
        Assert.Equal("5000", pragmas["busy_timeout"]);
        Assert.Equal("1", pragmas["secure_delete"]);
        Assert.Equal("2", pragmas["synchronous"]); // FULL
    }

    [Fact]
    public async Task ConnectionStringSetting_OverridesTheDefaultDatabaseFile()
    {
        var custom = Path.Combine(Path.GetTempPath(), $"docchat-custom-{Guid.NewGuid():N}.db");
        try
        {
            using (var factory = new DocChatFactory(new Dictionary<string, string?> { ["ConnectionStrings:DocChat"] = $"Data Source={custom}" }))
            {
                _ = factory.Server;
                Assert.True(File.Exists(custom));
                Assert.False(File.Exists(factory.DatabasePath));
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            foreach (var file in Directory.GetFiles(Path.GetDirectoryName(custom)!, Path.GetFileName(custom) + "*"))
            {
                File.Delete(file);
            }
        }
    }

    [Fact]
    public void DefaultDataDirectory_IsDataAtTheRepositoryRoot_WhereverTheAppStarts()
    {
        var root = Directory.CreateTempSubdirectory("docchat-root-");
        try
        {
            File.WriteAllText(Path.Combine(root.FullName, "DocChat.sln"), "");
            var contentRoot = Directory.CreateDirectory(Path.Combine(root.FullName, "DocChat.Web", "bin")).FullName;
            var configuration = new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build();
            var environment = new FakeEnvironment(contentRoot);

            var dataDirectory = DataPaths.ResolveDataDirectory(configuration, environment);

            Assert.Equal(Path.Combine(root.FullName, "Data"), dataDirectory);
            Assert.Equal($"Data Source={Path.Combine(root.FullName, "Data", "docchat.db")}", DataPaths.ResolveConnectionString(configuration, dataDirectory));
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    private sealed class FakeEnvironment(string contentRoot) : Microsoft.Extensions.Hosting.IHostEnvironment
    {
        public string EnvironmentName { get; set; } = "Development";
        public string ApplicationName { get; set; } = "DocChat.Web";
        public string ContentRootPath { get; set; } = contentRoot;
        public Microsoft.Extensions.FileProviders.IFileProvider ContentRootFileProvider { get; set; } = new Microsoft.Extensions.FileProviders.NullFileProvider();
    }
}
