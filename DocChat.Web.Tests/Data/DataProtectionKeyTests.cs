using System.Net;
using DocChat.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DocChat.Web.Tests.Data;

/// <summary>Data Protection keys live in the database: every instance on it reads every cookie and token.</summary>
public sealed class DataProtectionKeyTests
{
    [Fact]
    public async Task AnotherInstanceOnTheSameDatabase_AcceptsTheLogin_TheSessionCookie_AndTheAntiforgeryToken()
    {
        using var first = new DocChatFactory();
        using var browser = first.CreateBrowser();
        await browser.RegisterAsync();
        var chat = await browser.SendAsync("made on the first instance");

        // A second app with a data folder of its own (no key files), on the first one's database.
        using var second = new DocChatFactory(first.DatabaseSettings);
        using var other = second.CreateBrowser();
        foreach (Cookie cookie in browser.Cookies.GetAllCookies())
        {
            other.Cookies.Add(other.BaseAddress, new Cookie(cookie.Name, cookie.Value, "/"));
        }

        Assert.Equal(["made on the first instance"], (await other.GetAsync("/Chat")).Texts("article.message[data-role=user] .message-content"));
        var sent = await other.SubmitAsync(chat.Form("#message-form"), new Dictionary<string, string> { ["Message"] = "sent to the second" });
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        Assert.Equal(
            ["made on the first instance", "sent to the second"],
            (await browser.GetAsync("/Chat")).Texts("article.message[data-role=user] .message-content"));
        Assert.Empty(Directory.GetFiles(second.DataDirectory, "*.xml", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task KeysAnEarlierReleaseKeptAsFiles_AreCopiedIn_SoWhatTheyProtectedStillOpens()
    {
        using var factory = new DocChatFactory();
        var earlier = DataProtectionProvider.Create(
            new DirectoryInfo(Path.Combine(factory.DataDirectory, "keys")), b => b.SetApplicationName("DocChat"));
        var protectedBefore = earlier.CreateProtector("test").Protect("made before the upgrade");

        var protection = factory.Services.GetRequiredService<IDataProtectionProvider>();

        Assert.Equal("made before the upgrade", protection.CreateProtector("test").Unprotect(protectedBefore));
        Assert.Equal(1, await factory.WithDbAsync(db => db.DataProtectionKeys.CountAsync()));
    }
}
