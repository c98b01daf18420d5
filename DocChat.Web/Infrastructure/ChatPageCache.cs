using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Primitives;

namespace DocChat.Web.Infrastructure;

/// <summary>
/// Serves a user's chat page again, as rendered, while nothing on it has changed. A rendered page
/// is kept under the user's data version (<see cref="Data.Entities.DocChatUser.DataVersion"/>, which
/// database triggers raise on every change to the user's sessions, messages, clears, documents and
/// preferences, from any code path or instance), the page's query parameters, and a hash of every
/// cookie the request sent: the login (claims), the antiforgery cookie (the page's form tokens
/// belong to it) and the current session. A change to any of them is a new key, so a stale page
/// is never served. The version comes from the same read that checks the login's security stamp,
/// so a served page costs no query of its own. A response that sets a cookie, or is not a 200, is
/// not kept; a page with an undo offer is kept only until the offer ends. Pages stay in memory for
/// at most <see cref="Lifetime"/>.
/// </summary>
public sealed class ChatPageCache : IOutputCachePolicy
{
    public const string PolicyName = "ChatPage";

    /// <summary>How long a rendered page is kept, at most (a changed page is never served again; this frees its memory).</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The query parameters the chat page reads (<c>ChatController.Index</c>). A request with any
    /// other is rendered and not kept, so made-up addresses cannot fill the store.
    /// </summary>
    private static readonly string[] QueryKeys = ["before", "sessions"];

    private static readonly object DataVersionItem = new();

    /// <summary>Called by the security-stamp check, which reads the version with the stamp.</summary>
    public static void SetDataVersion(HttpContext context, long version) => context.Items[DataVersionItem] = version;

    /// <summary>Keeps the page being rendered no longer than <paramref name="untilUtc"/> (what it shows ends then).</summary>
    public static void KeepUntil(HttpContext context, DateTime untilUtc)
    {
        if (context.Features.Get<IOutputCacheFeature>()?.Context is not { } cache)
        {
            return;
        }

        var left = untilUtc - context.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        if (left <= TimeSpan.Zero)
        {
            cache.AllowCacheStorage = false;
        }
        else if (left < (cache.ResponseExpirationTimeSpan ?? Lifetime))
        {
            cache.ResponseExpirationTimeSpan = left;
        }
    }

    ValueTask IOutputCachePolicy.CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var http = context.HttpContext;
        var cacheable = (HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method))
                        && http.User.Identity?.IsAuthenticated == true
                        && http.Items.ContainsKey(DataVersionItem)
                        && http.Request.Query.Keys.All(key => QueryKeys.Contains(key, StringComparer.OrdinalIgnoreCase));
        context.EnableOutputCaching = true;
        context.AllowCacheLookup = cacheable;
        context.AllowCacheStorage = cacheable;
        context.AllowLocking = false;
        context.ResponseExpirationTimeSpan = Lifetime;
        if (cacheable)
        {
            var rules = context.CacheVaryByRules;
            rules.QueryKeys = new StringValues(QueryKeys);
            rules.VaryByValues["user"] = http.User.GetUserId();
            rules.VaryByValues["version"] = ((long)http.Items[DataVersionItem]!).ToString(CultureInfo.InvariantCulture);
            rules.VaryByValues["cookies"] = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(http.Request.Headers.Cookie.ToString())));
        }

        return ValueTask.CompletedTask;
    }

    ValueTask IOutputCachePolicy.ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;

    ValueTask IOutputCachePolicy.ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var response = context.HttpContext.Response;
        if (response.StatusCode != StatusCodes.Status200OK || !StringValues.IsNullOrEmpty(response.Headers.SetCookie))
        {
            context.AllowCacheStorage = false;
        }

        return ValueTask.CompletedTask;
    }
}
