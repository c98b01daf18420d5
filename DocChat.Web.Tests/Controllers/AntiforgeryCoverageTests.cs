using System.Net;
using System.Text.RegularExpressions;
using DocChat.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DocChat.Web.Tests.Controllers;

public sealed partial class AntiforgeryCoverageTests(Xunit.Abstractions.ITestOutputHelper output) : SignedInTest
{
    private Guid sessionId;
    private Guid documentId;

    [GeneratedRegex(@"\{(?<name>[a-zA-Z]+)[^}]*\}")]
    private static partial Regex Parameter();

    protected override async Task OnSignedInAsync()
    {
        await Browser.UploadAsync(ChatActions.TextFile("notes.md", "Some notes about tokens."));
        await Browser.SendAsync("A question about tokens");
        sessionId = (await Factory.OnlySessionAsync(UserId)).Id;
        documentId = await Factory.WithDbAsync(db => db.Documents.Select(d => d.Id).SingleAsync());
    }

    [Fact]
    public async Task EveryPostEndpoint_WithoutAValidToken_Answers400_AndChangesNothing()
    {
        var before = await SnapshotAsync();

        var paths = PostPaths(sessionId, documentId);
        Assert.Contains("/Chat/Clear", paths);
        Assert.Contains("/api/sessions/clear", paths);
        Assert.Contains("/Identity/Account/Logout", paths);
        Assert.True(paths.Count >= 15, $"Only {paths.Count} post endpoints found.");
        output.WriteLine($"antiforgery: {paths.Count} post endpoints: {string.Join(", ", paths)}");

        foreach (var path in paths)
        {
            var response = await Browser.Http.PostAsync(path, new FormUrlEncodedContent([new("Scope", "session"), new("Message", "forged")]));
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"POST {path} without a token answered {(int)response.StatusCode}.");
        }

        Assert.Equal(before, await SnapshotAsync());
        await Browser.GetAsync("/Chat"); // still signed in: the logout post was refused too
    }

    [Fact]
    public async Task EveryGetEndpoint_ChangesNothingStored()
    {
        var before = await SnapshotAsync();

        var endpoints = Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<HttpMethodMetadata>() is { } methods
                ? methods.HttpMethods.Contains("GET")
                : e.Metadata.GetMetadata<Microsoft.AspNetCore.Mvc.RazorPages.PageActionDescriptor>() is not null)
            .Select(e => Path(e, sessionId, documentId))
            .Where(p => !p.Contains("Logout", StringComparison.Ordinal))

            // Stock Identity UI: opening "enable authenticator" creates a (not yet enabled) authenticator
            // key, which renews the security stamp. Documented in docs/reliability.md.
            .Where(p => !p.EndsWith("/Manage/EnableAuthenticator", StringComparison.Ordinal))
            .Distinct()
            .ToList();
        foreach (var path in endpoints)
        {
            var response = await Browser.Http.GetAsync(path + "?scope=session&Scope=session&q=tokens&format=json");
            Assert.True((int)response.StatusCode < 500, $"GET {path} answered {(int)response.StatusCode}.");
        }

        output.WriteLine($"get sweep: {endpoints.Count} endpoints");
        Assert.True(endpoints.Count >= 20, $"Only {endpoints.Count} get endpoints found.");
        Assert.Equal(before, await SnapshotAsync());
    }

    /// <summary>Every POST endpoint the app maps (controllers and the Identity UI pages), with ids filled in.</summary>
    private List<string> PostPaths(Guid sessionId, Guid documentId)
    {
        var endpoints = Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>();
        return endpoints
            // Razor Pages (the Identity UI) carry no method metadata: a page takes every method.
            .Where(e => e.Metadata.GetMetadata<HttpMethodMetadata>() is { } methods
                ? methods.HttpMethods.Contains("POST")
                : e.Metadata.GetMetadata<Microsoft.AspNetCore.Mvc.RazorPages.PageActionDescriptor>() is not null)
            .Select(e => Path(e, sessionId, documentId))
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    private static string Path(RouteEndpoint endpoint, Guid sessionId, Guid documentId)
    {
        var pattern = endpoint.RoutePattern;
        if (pattern.RawText!.Contains("{controller", StringComparison.Ordinal))
        {
            var id = Equals(pattern.RequiredValues["controller"], "Documents") ? $"/{documentId}" : "";
            return $"/{pattern.RequiredValues["controller"]}/{pattern.RequiredValues["action"]}{id}";
        }

        var path = Parameter().Replace(pattern.RawText, match => match.Groups["name"].Value switch
        {
            "id" => sessionId.ToString(),
            _ => "1",
        });
        return "/" + path.TrimStart('/');
    }

    private Task<string> SnapshotAsync() => Factory.WithDbAsync(async db => string.Join('|',
        await db.ChatSessions.IgnoreQueryFilters().CountAsync(),
        await db.ChatMessages.IgnoreQueryFilters().CountAsync(),
        await db.ChatMessages.CountAsync(),
        await db.Documents.CountAsync(),
        await db.ClearOperations.CountAsync(),
        string.Join(',', await db.ChatSessions.Select(s => s.Title).ToListAsync()),
        string.Join(',', await db.Users.Select(u => u.SecurityStamp).ToListAsync())));
}
