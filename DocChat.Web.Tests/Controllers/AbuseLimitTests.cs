using System.Net;
using DocChat.Web.Data.Entities;
using DocChat.Web.Tests.Infrastructure;

namespace DocChat.Web.Tests.Controllers;

public sealed class AbuseLimitTests() : SignedInTest(new Dictionary<string, string?>
{
    ["DocChat:RateLimits:SendPerUser"] = "3",
    ["DocChat:RateLimits:UploadPerUser"] = "2",
    ["DocChat:RateLimits:LoginPerAddress"] = "4",
    ["DocChat:RateLimits:LoginPerAccount"] = "2",
    ["DocChat:Documents:MaxStorageBytesPerUser"] = "100",
})
{
    [Fact]
    public async Task Send_OverTheLimit_Answers429WithRetryAfter_AndStoresNothing()
    {
        for (var i = 0; i < 3; i++)
        {
            await Browser.SendAsync($"question {i}");
        }

        var form = (await Browser.GetAsync("/Chat")).Form("#message-form");
        var response = await Browser.SubmitAsync(form, new Dictionary<string, string> { ["Message"] = "one too many" });

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.InRange(int.Parse(response.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture), 1, 60);
        Assert.StartsWith("Too many requests.", (await TestBrowser.ParseAsync(response)).Document.QuerySelector("#rate-limited")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(6, (await Factory.MessagesAsync((await Factory.OnlySessionAsync(UserId)).Id)).Count);
        Assert.Contains("Security: rate limit reached for POST /Chat/Send", Factory.ReadLogs(), StringComparison.Ordinal);

        // The limit is the user's: another user still sends.
        using var other = Factory.CreateBrowser();
        await other.RegisterAsync();
        await other.SendAsync("my first question");
    }

    [Fact]
    public async Task Login_OverTheLimitPerAccount_Answers429_OtherAccountsStillLogIn()
    {
        using var visitor = Factory.CreateBrowser();
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(HttpStatusCode.BadRequest, (await visitor.LoginAsync("Target@example.test", "wrong password")).StatusCode);
        }

        var limited = await visitor.LoginAsync("target@example.test", "wrong password");
        var other = await visitor.LoginAsync("someone-else@example.test", "wrong password");

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(limited.Headers.Contains("Retry-After"));
        Assert.Equal(HttpStatusCode.BadRequest, other.StatusCode);
    }

    [Fact]
    public async Task Login_OverTheLimitPerAddress_Answers429()
    {
        using var visitor = Factory.CreateBrowser();
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(HttpStatusCode.BadRequest, (await visitor.LoginAsync($"nobody{i}@example.test", "wrong password")).StatusCode);
        }

        var response = await visitor.LoginAsync("nobody-else@example.test", "wrong password");

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.True(response.Headers.Contains("Retry-After"));
    }

    [Fact]
    public async Task Upload_OverTheLimit_Answers429_AndOverTheQuota_SaysSo()
    {
        var quota = await Browser.TryUploadAsync(ChatActions.TextFile("big.txt", new string('a', 101)));
        Assert.Equal(HttpStatusCode.BadRequest, quota.StatusCode);
        Assert.Equal(
            ["These files would take your documents past your 100 B storage limit (you use 0 B). Delete documents you no longer need, then upload again."],
            (await TestBrowser.ParseAsync(quota)).Texts("#upload-errors li"));

        await Browser.UploadAsync(ChatActions.TextFile("small.txt", "tiny"));
        var limited = await Browser.TryUploadAsync(ChatActions.TextFile("small2.txt", "tiny too"));

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal(1, await Factory.CountAsync<Document>());
    }
}
