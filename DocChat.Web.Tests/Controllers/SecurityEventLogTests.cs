using DocChat.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DocChat.Web.Tests.Controllers;

public sealed class SecurityEventLogTests : SignedInTest
{
    private static readonly CapturingLoggerProvider Capture = new();

    public SecurityEventLogTests()
        : base(new Dictionary<string, string?> { ["DocChat:RateLimits:SendPerUser"] = "1" }, services => services.AddSingleton<ILoggerProvider>(Capture))
    {
    }

    [Fact]
    public async Task SecurityEvents_AreLoggedAsStructuredEntries_WithTheUserId_AndNoSecrets()
    {
        const string wrongPassword = "not-the-password-123";
        var email = await Factory.WithDbAsync(db => Task.FromResult(db.Users.Single(u => u.Id == UserId).Email!));

        // Failed login and lockout.
        using (var visitor = Factory.CreateBrowser())
        {
            for (var i = 0; i < 5; i++)
            {
                await visitor.LoginAsync(email, wrongPassword);
            }

            await visitor.LoginAsync(email, Accounts.Password);
        }

        // Antiforgery failure, refused id, refused upload, rate limit.
        await Browser.Http.PostAsync("/Chat/Clear", new FormUrlEncodedContent([new("Scope", "session")]));
        await Browser.Http.GetAsync($"/Chat/Sessions/{Guid.NewGuid()}");
        await Browser.TryUploadAsync(ChatActions.TextFile("tool.exe", "MZ"));
        await Browser.SendAsync("one allowed message");
        var form = (await Browser.GetAsync("/Chat")).Form("#message-form");
        await Browser.SubmitAsync(form, new Dictionary<string, string> { ["Message"] = "one too many" });

        var events = Capture.Events.Where(e => e.Message.StartsWith("Security:", StringComparison.Ordinal)).ToList();
        foreach (var expected in new[]
                 {
                     "failed login for account", "is locked out", "antiforgery validation failed", "refused GET /Chat/Sessions/",
                     "refused upload", "rate limit reached",
                 })
        {
            var logged = events.FirstOrDefault(e => e.Message.Contains(expected, StringComparison.Ordinal) && Equals(e.Properties.GetValueOrDefault("UserId"), UserId));
            Assert.True(logged is not null, $"No security event \"{expected}\" with the user id as a property.");
            Assert.Equal(LogLevel.Warning, logged.Level);
            Assert.True(logged.Properties.ContainsKey("{OriginalFormat}"), "Not a message template.");
        }

        // The file log (what operators read) has them too.
        var file = Factory.ReadLogs();
        Assert.Contains($"Security: rate limit reached for POST /Chat/Send by user {UserId}", file, StringComparison.Ordinal);

        var logs = Factory.ReadLogs();
        Assert.DoesNotContain(wrongPassword, logs, StringComparison.Ordinal);
        Assert.DoesNotContain(Accounts.Password, logs, StringComparison.Ordinal);
        Assert.DoesNotContain("one too many", logs, StringComparison.Ordinal);
    }
}
