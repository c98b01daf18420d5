using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using DocChat.Web.Services.Chat;
using DocChat.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace DocChat.Web.Tests.Controllers;

public sealed class SessionsApiTests() : SignedInTest(new Dictionary<string, string?> { ["DocChat:Clear:UndoSeconds"] = "0" })
{
    private const string Url = "/api/sessions/clear";
    private Guid sessionId;

    protected override async Task OnSignedInAsync()
    {
        await Browser.SendAsync("a question to clear");
        sessionId = (await Factory.OnlySessionAsync(UserId)).Id;
    }

    [Fact]
    public async Task Post_ApiClear_WithoutBody_ClearsMessages_AndAnswersSuccessWithTheSessionId()
    {
        var response = await PostAsync(await Browser.AntiforgeryTokenAsync(), body: null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(json.GetProperty("success").GetBoolean());
        Assert.Equal(sessionId, json.GetProperty("sessionId").GetGuid());
        Assert.Empty(await Factory.MessagesAsync(sessionId));
    }

    [Fact]
    public async Task Post_ApiClear_ScopeSession_AnswersTheNewSessionId_AndTheCookieFollows()
    {
        var response = await PostAsync(await Browser.AntiforgeryTokenAsync(), """{"scope":"session"}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var newId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("sessionId").GetGuid();
        Assert.NotEqual(sessionId, newId);
        Assert.Equal(newId, (await Factory.OnlySessionAsync(UserId)).Id);

        await Browser.SendAsync("lands in the new session");
        Assert.Equal(2, (await Factory.MessagesAsync(newId)).Count);
    }

    [Theory]
    [InlineData("""{"scope":"everything"}""", ClearScopes.InvalidMessage)]
    [InlineData("""{"scope":""", "The request body is not valid JSON.")]
    public async Task Post_ApiClear_BadBody_Answers400WithAnError_AndChangesNothing(string body, string error)
    {
        var response = await PostAsync(await Browser.AntiforgeryTokenAsync(), body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(error, json.GetProperty("error").GetString());
        Assert.Equal(2, (await Factory.MessagesAsync(sessionId)).Count);
        Assert.Contains("API POST /api/sessions/clear failed with 400", Factory.ReadLogs(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_ApiClear_WithoutToken_Answers400WithAnError_AndChangesNothing()
    {
        var response = await PostAsync(token: null, """{"scope":"session"}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("antiforgery", json.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Contains("Security: antiforgery validation failed for POST /api/sessions/clear", Factory.ReadLogs(), StringComparison.Ordinal);
        Assert.Equal(sessionId, (await Factory.OnlySessionAsync(UserId)).Id);
        Assert.Equal(2, (await Factory.MessagesAsync(sessionId)).Count);
    }

    [Fact]
    public async Task Post_ApiClear_Anonymous_Answers401WithAnError()
    {
        using var anonymous = Factory.CreateBrowser();
        var response = await anonymous.Http.PostAsync(Url, new StringContent("{}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Log in first.", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
        Assert.Equal(2, (await Factory.MessagesAsync(sessionId)).Count);
    }

    [Fact]
    public async Task Post_ApiClear_WhenTheServerFails_Answers500WithAnError_AndLogsIt()
    {
        var token = await Browser.AntiforgeryTokenAsync();
        await Factory.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("DROP TABLE \"ChatMessages\""));

        var response = await PostAsync(token, body: null);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Something went wrong on the server. It has been logged.", json.GetProperty("error").GetString());
        Assert.Contains("Unhandled error for POST /api/sessions/clear", Factory.ReadLogs(), StringComparison.Ordinal);
    }

    private Task<HttpResponseMessage> PostAsync(string? token, string? body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, Url);
        if (token is not null)
        {
            request.Headers.Add("RequestVerificationToken", token);
        }

        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        return Browser.Http.SendAsync(request);
    }
}
