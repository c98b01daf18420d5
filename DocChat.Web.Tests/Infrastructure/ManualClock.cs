namespace DocChat.Web.Tests.Infrastructure;

/// <summary>The app's clock, moved forward by a test (timers still run on real time).</summary>
public sealed class ManualClock : TimeProvider
{
    private TimeSpan offset;

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + offset;

    public void Advance(TimeSpan by) => offset += by;
}
