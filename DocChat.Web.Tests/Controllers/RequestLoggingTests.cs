using DocChat.Web.Tests.Infrastructure;

namespace DocChat.Web.Tests.Controllers;

[Trait("Provider", "Any")]
public sealed class RequestLoggingTests : IDisposable
{
    private readonly DocChatFactory factory = new();

    public void Dispose() => factory.Dispose();

    [Fact]
    public async Task EveryRequest_WritesOneLineWithMethodPathStatusElapsedAndUser_ToTheLogFileUnderData()
    {
        using var browser = factory.CreateBrowser();
        var userId = await factory.UserIdAsync(await browser.RegisterAsync());
        await browser.GetAsync("/Chat?sessions=1&token=secret-query");

        var lines = factory.ReadLogs().Split('\n');

        Assert.Single(lines, l => l.Contains($"HTTP GET /Chat responded 200 in ", StringComparison.Ordinal)
                                  && l.Contains($" ms for user {userId}", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("HTTP GET /Identity/Account/Register responded 200", StringComparison.Ordinal)
                                    && l.Contains("for user anonymous", StringComparison.Ordinal));
        Assert.DoesNotContain("secret-query", string.Join('\n', lines), StringComparison.Ordinal);
        Assert.True(Directory.GetFiles(Path.Combine(factory.DataDirectory, "logs"), "docchat-*.log").Length == 1);
    }

    [Fact]
    public async Task Logs_NeverContainMessageTextPasswordsOrTokens()
    {
        using var browser = factory.CreateBrowser();
        const string password = "a very private passphrase";
        await browser.RegisterAsync(password: password);
        var marker = $"private-message-{Guid.NewGuid():N}";
        await browser.SendAsync($"What about {marker}?");
        var token = await browser.AntiforgeryTokenAsync();
        await browser.UploadAsync(ChatActions.TextFile("notes.txt", $"Document text {marker}"));

        var logs = factory.ReadLogs();

        Assert.Contains("Answered in session", logs, StringComparison.Ordinal);
        Assert.DoesNotContain(marker, logs, StringComparison.Ordinal);
        Assert.DoesNotContain(password, logs, StringComparison.Ordinal);
        Assert.DoesNotContain(token, logs, StringComparison.Ordinal);
    }
}
