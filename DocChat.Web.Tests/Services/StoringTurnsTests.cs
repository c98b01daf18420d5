using DocChat.Web.Services.Documents;

namespace DocChat.Web.Tests.Services;

/// <summary>The ingestion's workers store one document at a time, in the order they asked, each for a slice while another waits.</summary>
public sealed class StoringTurnsTests
{
    private static readonly TimeSpan Waited = TimeSpan.FromMilliseconds(200);

    [Fact]
    public async Task Turns_AreTaken_InTheOrderAsked_OneAtATime()
    {
        var turns = new StoringTurns(TimeSpan.FromHours(1));
        var first = await turns.TakeAsync(CancellationToken.None);
        var second = turns.TakeAsync(CancellationToken.None);
        var third = turns.TakeAsync(CancellationToken.None);
        await Task.Delay(Waited);
        Assert.False(second.IsCompleted);

        first.Dispose();
        using (await second.WaitAsync(TimeSpan.FromSeconds(10)))
        {
            await Task.Delay(Waited);
            Assert.False(third.IsCompleted);
        }

        (await third.WaitAsync(TimeSpan.FromSeconds(10))).Dispose();
    }

    [Fact]
    public async Task WithinItsSlice_ATurnIsKept_ThoughAnotherWaits()
    {
        var turns = new StoringTurns(TimeSpan.FromHours(1));
        using var first = await turns.TakeAsync(CancellationToken.None);
        var second = turns.TakeAsync(CancellationToken.None);

        await first.YieldIfOthersWaitAsync(CancellationToken.None);
        await Task.Delay(Waited);

        Assert.False(second.IsCompleted);
    }

    [Fact]
    public async Task AfterItsSlice_ATurnGoesToTheWaiter_AndComesBackWhenTheWaiterIsDone()
    {
        var turns = new StoringTurns(TimeSpan.Zero);
        var first = await turns.TakeAsync(CancellationToken.None);
        var second = turns.TakeAsync(CancellationToken.None);

        var yielded = first.YieldIfOthersWaitAsync(CancellationToken.None);
        var secondTurn = await second.WaitAsync(TimeSpan.FromSeconds(10));
        await Task.Delay(Waited);
        Assert.False(yielded.IsCompleted);

        secondTurn.Dispose();
        await yielded.WaitAsync(TimeSpan.FromSeconds(10));
        var third = turns.TakeAsync(CancellationToken.None);
        await Task.Delay(Waited);
        Assert.False(third.IsCompleted);
        first.Dispose();
        (await third.WaitAsync(TimeSpan.FromSeconds(10))).Dispose();
    }

    [Fact]
    public async Task AfterItsSlice_WithNobodyWaiting_ATurnGoesOn()
    {
        var turns = new StoringTurns(TimeSpan.Zero);
        using var only = await turns.TakeAsync(CancellationToken.None);

        await only.YieldIfOthersWaitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        var next = turns.TakeAsync(CancellationToken.None);
        await Task.Delay(Waited);
        Assert.False(next.IsCompleted);
    }
}
