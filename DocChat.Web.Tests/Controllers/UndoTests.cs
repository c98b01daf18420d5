using System.Data.Common;
using System.Net;
using System.Text.Json;
using DocChat.Web.Data.Entities;
using DocChat.Web.Services.Chat;
using DocChat.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace DocChat.Web.Tests.Controllers;

/// <summary>Clear with its undo window (the default), and the purge that ends it.</summary>
public sealed class UndoTests() : SignedInTest(new Dictionary<string, string?>
{
    // Long enough that a slow machine never reaches the end of the window within a test.
    ["DocChat:Clear:UndoSeconds"] = "120",
    ["DocChat:Clear:PurgeIntervalSeconds"] = "0.2",
})
{
    [Fact]
    public async Task ClearMessages_HidesThemEverywhere_UntilUndo_BringsThemBack()
    {
        await Browser.SendAsync("Hidden treasure question");
        var session = await Factory.OnlySessionAsync(UserId);

        var cleared = await Browser.ClearAsync("messages");

        Assert.NotNull(cleared.Document.QuerySelector("#empty-conversation"));
        Assert.Contains("The messages were cleared.", cleared.Document.QuerySelector("#undo-banner")!.TextContent, StringComparison.Ordinal);
        Assert.Empty((await Browser.GetAsync("/Search?q=treasure")).Document.QuerySelectorAll(".search-result"));
        var export = await Browser.Http.GetStringAsync($"/Chat/Sessions/{session.Id}/Export?format=json");
        Assert.Empty(JsonSerializer.Deserialize<JsonElement>(export).GetProperty("messages").EnumerateArray());
        Assert.Equal("0", cleared.Document.QuerySelector("#session-list .session-count")!.TextContent);
        Assert.Equal(ChatSession.DefaultTitle, cleared.Document.QuerySelector("#chat-title")!.TextContent.Trim());

        var restored = await Browser.SubmitAndFollowAsync(cleared.Form("#undo-form"));

        Assert.Equal("Clear undone", restored.Document.QuerySelector("#status-message")!.TextContent.Trim());
        Assert.Equal(2, restored.Document.QuerySelectorAll("article.message").Length);
        Assert.Equal("Hidden treasure question", restored.Document.QuerySelector("#chat-title")!.TextContent.Trim());
        Assert.Null(restored.Document.QuerySelector("#undo-banner"));
        Assert.Equal(0, await Factory.CountAsync<ClearOperation>());
    }

    [Fact]
    public async Task ClearedTwice_EachUndoBringsBackWhatItHid_LatestFirst()
    {
        await Browser.SendAsync("First question");
        var first = await Browser.ClearAsync("messages");
        var undoFirst = first.Form("#undo-form");
        await Browser.SendAsync("Second question");
        var second = await Browser.ClearAsync("messages");

        // The first clear's messages are hidden by the second too: its undo waits for that one.
        var refused = await Browser.SubmitAndFollowAsync(undoFirst);
        Assert.Equal("You cleared this chat again since: undo the latest clear first.", refused.Document.QuerySelector("#status-message")!.TextContent.Trim());
        Assert.Empty(refused.Document.QuerySelectorAll("article.message"));

        var afterSecond = await Browser.SubmitAndFollowAsync(second.Form("#undo-form"));
        Assert.Equal(["Second question"], afterSecond.Texts("article.message[data-role=user] .message-content"));

        var afterFirst = await Browser.SubmitAndFollowAsync(undoFirst);
        Assert.Equal(["First question", "Second question"], afterFirst.Texts("article.message[data-role=user] .message-content"));
        Assert.Equal(0, await Factory.CountAsync<ClearOperation>());
    }

    [Fact]
    public async Task EraseSession_StartsANewOne_UndoRestoresTheOldOneAsCurrent()
    {
        await Browser.SendAsync("Erase and come back");
        var old = await Factory.OnlySessionAsync(UserId);

        var erased = await Browser.ClearAsync("session");

        Assert.Contains("The previous chat was erased.", erased.Document.QuerySelector("#undo-banner")!.TextContent, StringComparison.Ordinal);
        Assert.NotEqual(old.Id, (await Factory.OnlySessionAsync(UserId)).Id);

        var restored = await Browser.SubmitAndFollowAsync(erased.Form("#undo-form"));

        Assert.Equal("Erase and come back", restored.Document.QuerySelector("#chat-title")!.TextContent.Trim());
        Assert.Equal(old.Id, (await Factory.OnlySessionAsync(UserId)).Id);
        Assert.Equal(2, (await Factory.MessagesAsync(old.Id)).Count);
    }

    [Fact]
    public async Task UndoOfAnotherUsersClear_IsRefused_AndChangesNothing()
    {
        await Browser.SendAsync("Mine to clear");
        var cleared = await Browser.ClearAsync("messages");
        var form = cleared.Form("#undo-form");

        using var other = Factory.CreateBrowser();
        await other.RegisterAsync();
        var fields = FormFields.Collect(form, null, new Dictionary<string, string> { ["__RequestVerificationToken"] = await other.AntiforgeryTokenAsync() });
        var response = await other.Http.PostAsync("/Chat/Undo", new FormUrlEncodedContent(fields));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Empty(await Factory.MessagesAsync((await Factory.OnlySessionAsync(UserId)).Id));
        Assert.Equal(1, await Factory.CountAsync<ClearOperation>());
    }
}

/// <summary>After the undo window, the purge erases for good; undo then says it is too late.</summary>
public sealed class PurgeTests() : SignedInTest(new Dictionary<string, string?>
{
    ["DocChat:Clear:UndoSeconds"] = "1",
    ["DocChat:Clear:PurgeIntervalSeconds"] = "0.2",
}, services => services.AddSingleton<IInterceptor>(PurgeDeletes))
{
    /// <summary>Deletes of messages (the purge's and a session delete's, one per transaction), as sent to the database.</summary>
    private static readonly MessageDeletes PurgeDeletes = new();

    private readonly MessageDeletes purgeDeletes = PurgeDeletes.Reset();

    [SqliteTheory]
    [InlineData("messages")]
    [InlineData("session")]
    public async Task AfterTheWindow_ThePurgeLeavesNoTraceInTheDatabaseFiles(string scope)
    {
        var token = Guid.NewGuid().ToString("N");
        var marker = $"unique-marker-{token}";
        await Browser.SendAsync($"Please remember {marker} for me");
        Assert.True(Factory.DatabaseFilesContain(marker), "The marker must be on disk before the clear, or this test proves nothing.");
        await Browser.ClearAsync(scope);

        await WaitForPurgeAsync();

        Assert.False(Factory.DatabaseFilesContain(marker), "A cleared message's text is still in the database or its WAL after the purge.");
        Assert.False(Factory.DatabaseFilesContain(token), "A cleared message's words are still in the search index after the purge.");
        Assert.Equal(0, await Factory.WithDbAsync(db => db.ChatMessages.IgnoreQueryFilters().CountAsync()));
    }

    [PostgresTheory]
    [InlineData("messages")]
    [InlineData("session")]
    public async Task OnPostgres_AfterThePurge_NoRowVersionHoldsTheText_AndNoTableHasIt(string scope)
    {
        var marker = $"unique-marker-{Guid.NewGuid():N}";
        await Browser.SendAsync($"Please remember {marker} for me");
        Assert.True(await RowVersionsContainAsync(marker), "The marker must be in a row version before the clear, or this test proves nothing.");
        await Browser.ClearAsync(scope);

        await WaitForPurgeAsync();

        Assert.False(await RowVersionsContainAsync(marker), "A cleared message is still in a (dead) row version after the purge.");
        Assert.Equal(0, await Factory.WithDbAsync(db => db.Database
            .SqlQuery<int>($"""SELECT COUNT(*)::int AS "Value" FROM "ChatMessages" AS m WHERE m::text LIKE {"%" + marker + "%"}""").SingleAsync()));
    }

    /// <summary>Whether any row version of ChatMessages, live or dead, holds the text (pageinspect reads the table's pages).</summary>
    private Task<bool> RowVersionsContainAsync(string text) =>
        Factory.WithDbAsync(async db =>
        {
            await db.Database.ExecuteSqlRawAsync("CREATE EXTENSION IF NOT EXISTS pageinspect");
            return await db.Database.SqlQuery<bool>($"""
                SELECT EXISTS (
                    SELECT 1
                    FROM generate_series(0, (pg_relation_size('"ChatMessages"') / current_setting('block_size')::int)::int - 1) AS page,
                         heap_page_items(get_raw_page('"ChatMessages"', page)) AS item
                    WHERE position(convert_to({text}, 'UTF8') IN item.t_data) > 0) AS "Value"
                """).SingleAsync();
        });

    [Fact]
    public async Task ThePurge_ErasesWhatWasCleared_NotWhatWasSentSince()
    {
        await Browser.SendAsync("Cleared question");
        await Browser.ClearAsync("messages");
        await Browser.SendAsync("Kept question");

        await WaitForPurgeAsync();

        var page = await Browser.GetAsync("/Chat");
        Assert.Equal(["Kept question"], page.Texts("article.message[data-role=user] .message-content"));
        Assert.Equal(2, await Factory.WithDbAsync(db => db.ChatMessages.IgnoreQueryFilters().CountAsync()));
    }

    [Theory]
    [InlineData("messages")]
    [InlineData("session")]
    public async Task ThePurge_ErasesAClearLargerThanABatch_ABatchPerTransaction(string scope)
    {
        var sends = (ChatSessionService.PurgeBatchSize / 2) + 10;
        for (var i = 0; i < sends; i++)
        {
            await Browser.SendAsync($"Question {i}");
        }

        await Browser.ClearAsync(scope);

        await WaitForPurgeAsync();

        Assert.Equal(0, await Factory.WithDbAsync(db => db.ChatMessages.IgnoreQueryFilters().CountAsync()));
        Assert.True(Factory.ReadLogs().Contains("Purged 1 expired clears", StringComparison.Ordinal));
        // 2 x sends messages, at most PurgeBatchSize per transaction: the erase took two transactions.
        Assert.Equal(2, purgeDeletes.Count);
    }

    [Fact]
    public async Task DeletingASessionLargerThanABatch_DeletesItAll_ABatchPerTransaction()
    {
        for (var i = 0; i < (ChatSessionService.PurgeBatchSize / 2) + 10; i++)
        {
            await Browser.SendAsync($"Question {i}");
        }

        var session = await Factory.OnlySessionAsync(UserId);
        var confirmation = await Browser.GetAsync($"/Chat/Sessions/{session.Id}/Delete");
        var page = await Browser.SubmitAndFollowAsync(confirmation.Form("#delete-form"));

        Assert.Equal("Session deleted", page.Document.QuerySelector("#status-message")!.TextContent.Trim());
        Assert.DoesNotContain(await Factory.SessionsAsync(UserId), s => s.Id == session.Id);
        Assert.Equal(0, await Factory.WithDbAsync(db => db.ChatMessages.IgnoreQueryFilters().CountAsync()));
        Assert.Equal(2, purgeDeletes.Count);
    }

    [Fact]
    public async Task UndoAfterTheWindow_SaysItIsTooLate()
    {
        await Browser.SendAsync("Gone for good");
        var cleared = await Browser.ClearAsync("messages");
        var form = cleared.Form("#undo-form");
        await WaitForPurgeAsync();

        var page = await Browser.SubmitAndFollowAsync(form);

        Assert.Equal("Too late to undo: the cleared messages have been erased for good.", page.Document.QuerySelector("#status-message")!.TextContent.Trim());
        Assert.NotNull(page.Document.QuerySelector("#empty-conversation"));
    }

    /// <summary>
    /// Waits for the purge to finish: its rows are marked purged in the erase transaction, but the
    /// WAL truncate comes after that commit, and the purge logs once it is done.
    /// </summary>
    private async Task WaitForPurgeAsync()
    {
        Task<bool> PendingAsync() => Factory.WithDbAsync(db => db.ClearOperations.AnyAsync(o => o.PurgedUtc == null));
        bool Finished() => Factory.ReadLogs().Contains("Purged 1 expired clears", StringComparison.Ordinal);
        for (var waited = 0; waited < 100 && (await PendingAsync() || !Finished()); waited++)
        {
            await Task.Delay(100);
        }

        Assert.False(await PendingAsync(), "The purge did not run within 10 seconds.");
        Assert.True(Finished(), "The purge did not finish within 10 seconds.");
    }
}

/// <summary>Counts the statements that delete chat messages (in the purge, one per transaction).</summary>
public sealed class MessageDeletes : DbCommandInterceptor
{
    private int count;

    public int Count => count;

    public MessageDeletes Reset()
    {
        count = 0;
        return this;
    }

    public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (command.CommandText.TrimStart().StartsWith("DELETE FROM \"ChatMessages\"", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref count);
        }

        return base.NonQueryExecutedAsync(command, eventData, result, cancellationToken);
    }
}
