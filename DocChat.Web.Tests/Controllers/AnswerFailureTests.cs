using System.Data.Common;
using System.Net;
using DocChat.Web.Data.Entities;
using DocChat.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace DocChat.Web.Tests.Controllers;

/// <summary>
/// An extractive answer is stored with its question in one write transaction; when answering
/// fails on the server, the question is still kept.
/// </summary>
public sealed class AnswerFailureTests() : SignedInTest(services: services => services.AddSingleton<IInterceptor>(new FailingSearch()))
{
    /// <summary>A word that makes the passage search fail, as a broken index would.</summary>
    private const string Breaking = "zzbreakszz";

    [Fact]
    public async Task Post_Send_WhenAnsweringFails_KeepsTheQuestion_AndTheNextQuestionIsAnswered()
    {
        await Browser.UploadAsync(ChatActions.TextFile("okapis.txt", "Okapis have striped legs like zebras."));
        var form = (await Browser.GetAsync("/Chat")).Form("#message-form");

        var failed = await Browser.SubmitAsync(form, new Dictionary<string, string> { ["Message"] = $"okapis {Breaking}" });

        Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        var session = await Factory.OnlySessionAsync(UserId);
        var kept = Assert.Single(await Factory.MessagesAsync(session.Id));
        Assert.Equal((MessageRole.User, $"okapis {Breaking}"), (kept.Role, kept.Content));

        var page = await Browser.SendAsync("What legs do okapis have?");
        Assert.Equal(["user", "user", "assistant"], page.Document.QuerySelectorAll("article.message").Select(a => a.GetAttribute("data-role")));
        Assert.Contains("striped legs", page.Document.QuerySelectorAll("article.message[data-role=assistant] .message-content").Last().TextContent, StringComparison.Ordinal);
    }

    /// <summary>Fails the word searches of passages (SQLite's MATCH, PostgreSQL's @@) when a parameter holds <see cref="Breaking"/>.</summary>
    private sealed class FailingSearch : DbCommandInterceptor
    {
        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default) =>
            (command.CommandText.Contains(" MATCH ", StringComparison.Ordinal) || command.CommandText.Contains(" @@ ", StringComparison.Ordinal))
            && command.Parameters.Cast<DbParameter>().Any(p => p.Value is string text && text.Contains(Breaking, StringComparison.Ordinal))
                ? throw new InvalidOperationException("The passage index is broken (a test's fault).")
                : ValueTask.FromResult(result);
    }
}
