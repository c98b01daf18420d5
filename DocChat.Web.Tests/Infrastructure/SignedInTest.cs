namespace DocChat.Web.Tests.Infrastructure;

/// <summary>
/// A test class whose every test starts with its own app and database and one registered,
/// signed-in user in a browser.
/// </summary>
public abstract class SignedInTest(IDictionary<string, string?>? settings = null, Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? services = null) : IAsyncLifetime
{
    protected DocChatFactory Factory { get; } = new(settings, services: services);

    protected TestBrowser Browser { get; private set; } = null!;

    protected string UserId { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Browser = Factory.CreateBrowser();
        UserId = await Factory.UserIdAsync(await Browser.RegisterAsync());
        await OnSignedInAsync();
    }

    /// <summary>Further setup once the user is signed in.</summary>
    protected virtual Task OnSignedInAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        Browser.Dispose();
        Factory.Dispose();
        return Task.CompletedTask;
    }
}
