namespace DocChat.Web.Tests.Infrastructure;

/// <summary>One fake model server for a test class (its tests run one after another).</summary>
public sealed class FakeLlmFixture : IAsyncLifetime
{
    public FakeLlmServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await FakeLlmServer.StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();
}
