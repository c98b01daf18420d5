using System.Net;
using DocChat.Web.Data;
using DocChat.Web.Tests.Infrastructure;

namespace DocChat.Web.Tests.Data;

/// <summary>DocChat:Database:Provider and the connection string: a wrong one stops the start with what to fix.</summary>
public sealed class DatabaseProviderSettingTests
{
    [Theory]
    [InlineData("Mysql", null, "DocChat:Database:Provider is \"Mysql\", which is not a database DocChat runs on. Use Sqlite")]
    [InlineData("Postgres", null, "DocChat:Database:Provider is Postgres, but ConnectionStrings:DocChat is not set.")]
    [InlineData("Postgres", "Hots=db;Database=docchat", "ConnectionStrings:DocChat is not a PostgreSQL connection string")]
    [InlineData("postgres", "Host=127.0.0.1;Port=1;Database=docchat;Username=docchat;Timeout=3", "Cannot use the PostgreSQL database \"docchat\" at 127.0.0.1:1 (")]
    public void AWrongSetting_StopsTheStart_SayingWhatToFix(string provider, string? connectionString, string message)
    {
        var settings = new Dictionary<string, string?> { ["DocChat:Database:Provider"] = provider, ["ConnectionStrings:DocChat"] = connectionString };
        using var factory = new DocChatFactory(settings);

        var failure = Record.Exception(() => factory.Services);

        var setup = Assert.IsType<DatabaseSetupException>(Unwrap(failure));
        Assert.StartsWith(message, setup.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OnAReachablePostgresServer_TheAppCreatesItsDatabase_AndServes()
    {
        var server = DocChatFactory.PostgresServer ?? throw new InvalidOperationException("No PostgreSQL server: run the suite with ./test.sh, which starts one.");
        var database = $"docchat_start_{Guid.NewGuid():N}";
        using var factory = new DocChatFactory(new Dictionary<string, string?>
        {
            ["DocChat:Database:Provider"] = "Postgres",
            ["ConnectionStrings:DocChat"] = $"{server};Database={database}",
        });
        try
        {
            using var browser = factory.CreateBrowser();
            await browser.RegisterAsync();
            Assert.Equal(HttpStatusCode.OK, (await browser.Http.GetAsync("/healthz")).StatusCode);
            Assert.Equal("Npgsql.EntityFrameworkCore.PostgreSQL", await factory.WithDbAsync(db => Task.FromResult(db.Database.ProviderName)));
        }
        finally
        {
            await factory.WithDbAsync(db => db.Database.EnsureDeletedAsync());
        }
    }

    private static Exception? Unwrap(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is DatabaseSetupException)
            {
                return exception;
            }
        }

        return null;
    }
}
