using System.Net;
using DocChat.Web.Infrastructure;
using DocChat.Web.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace DocChat.Web.Tests.Controllers;

public sealed class DatabaseFaultTests : IAsyncLifetime
{
    private readonly DatabaseFault fault = new();
    private DocChatFactory factory = null!;
    private TestBrowser browser = null!;

    public async Task InitializeAsync()
    {
        factory = new DocChatFactory(services: services => services.AddSingleton<IInterceptor>(fault));
        browser = factory.CreateBrowser();
        await browser.RegisterAsync();
        await browser.SendAsync("before the fault");
    }

    public Task DisposeAsync()
    {
        browser.Dispose();
        factory.Dispose();
        return Task.CompletedTask;
    }

    [SqliteTheory]
    [InlineData(DatabaseFault.Kind.ReadOnly)]
    [InlineData(DatabaseFault.Kind.DiskFull)]
    public async Task ReadOnlyOrFullDisk_Answers503WithAClearPage_AndRecoversWithoutRestart(DatabaseFault.Kind kind)
    {
        // The migrations drop and recreate tables, which leaves free pages in a new database file:
        // a write would fill those instead of needing the disk space the fault takes away.
        await factory.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("VACUUM"));
        var form = (await browser.GetAsync("/Chat")).Form("#message-form");
        fault.Current = kind;

        var failed = await browser.SubmitAsync(form, new Dictionary<string, string> { ["Message"] = $"during the fault {new string('x', 7000)}" });

        Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
        Assert.Equal("10", failed.Headers.GetValues("Retry-After").Single());
        Assert.Equal(DatabaseUnavailableHandler.Message, (await TestBrowser.ParseAsync(failed)).Document.QuerySelector("#database-unavailable")!.TextContent);

        fault.Current = DatabaseFault.Kind.None;
        var page = await browser.SendAsync("after the fault");
        Assert.Equal(["before the fault", "after the fault"], page.Texts("article.message[data-role=user] .message-content"));
    }

    [Fact]
    public async Task Healthz_Answers200WithoutALogin_503WhenTheDatabaseCannotBeReached_AndRecovers()
    {
        using var anonymous = factory.CreateClient(new() { AllowAutoRedirect = false });

        var healthy = await anonymous.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, healthy.StatusCode);
        Assert.Equal("Healthy", await healthy.Content.ReadAsStringAsync());
        Assert.False(healthy.Headers.Contains("Set-Cookie"));

        fault.Current = DatabaseFault.Kind.Unreachable;
        var unhealthy = await anonymous.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, unhealthy.StatusCode);
        Assert.Equal("Unhealthy", await unhealthy.Content.ReadAsStringAsync()); // no exception text, no path

        fault.Current = DatabaseFault.Kind.None;
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/healthz")).StatusCode);
    }

    [SqliteFact]
    public async Task LockedDatabase_Answers503_AndRecoversWhenTheLockIsReleased()
    {
        var form = (await browser.GetAsync("/Chat")).Form("#message-form");
        await using (var locker = new SqliteConnection($"Data Source={factory.DatabasePath};Pooling=False"))
        {
            await locker.OpenAsync();
            await using var begin = locker.CreateCommand();
            begin.CommandText = "BEGIN EXCLUSIVE;";
            await begin.ExecuteNonQueryAsync();

            var failed = await browser.SubmitAsync(form, new Dictionary<string, string> { ["Message"] = "while locked" });

            Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
        }

        var page = await browser.SendAsync("after the lock");
        Assert.Equal(["before the fault", "after the lock"], page.Texts("article.message[data-role=user] .message-content"));
    }
}
