using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using DocChat.Web.Tests.Infrastructure;

namespace DocChat.Web.Tests.Reliability;

/// <summary>What one load run observed.</summary>
public sealed class LoadResult
{
    public ConcurrentBag<double> SendMilliseconds { get; } = [];
    public int Sends;
    public int Clears;
    public int ServerErrors;
    public int Unavailable;

    public double Percentile(double p)
    {
        var sorted = SendMilliseconds.Order().ToList();
        return sorted.Count == 0 ? 0 : sorted[(int)Math.Min(sorted.Count - 1, Math.Floor(p * sorted.Count))];
    }
}

/// <summary>
/// Virtual users against a server on loopback, bounded in time: each registers, then sends
/// messages and now and then clears its conversation, through the real forms. Every send the
/// server acknowledged (its redirect) is remembered unless a later clear covers it.
/// </summary>
public sealed class LoadGenerator(Uri server, LoadResult result, int clearEvery = 10)
{
    private readonly ConcurrentDictionary<int, (TestBrowser Browser, List<string> Acked)> users = new();
    private readonly ConcurrentDictionary<int, int> sequences = new();

    /// <summary>Every send acknowledged so far that no later clear covers: these must be in the database.</summary>
    public IReadOnlyList<string> MustExist => users.Values.SelectMany(u => u.Acked).ToList();

    public async Task RunAsync(int userCount, TimeSpan duration, CancellationToken cancellationToken = default)
    {
        var deadline = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, userCount).Select(user => Task.Run(() => UserAsync(user, duration, deadline, cancellationToken), cancellationToken)));
    }

    private async Task UserAsync(int user, TimeSpan duration, Stopwatch clock, CancellationToken cancellationToken)
    {
        var (browser, acked) = users.GetOrAdd(user, _ => (new TestBrowser(server), new List<string>()));
        var sequence = sequences.GetValueOrDefault(user);
        while (clock.Elapsed < duration && !cancellationToken.IsCancellationRequested)
        {
            try
            {
                if (browser.Cookie(DocChat.Web.Extensions.IdentityExtensions.AuthCookieName) is null)
                {
                    await browser.RegisterAsync();
                }

                if (++sequence % clearEvery == 0)
                {
                    await ClearAsync(browser, acked);
                }
                else
                {
                    await SendAsync(browser, acked, $"load-{user}-{sequence}-{Guid.NewGuid():N}");
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or IOException)
            {
                // The server is down (killed) or restarting: try again shortly.
                Interlocked.Increment(ref result.Unavailable);
                await Task.Delay(100, CancellationToken.None);
            }
        }

        sequences[user] = sequence;
    }

    private async Task SendAsync(TestBrowser browser, List<string> acked, string text)
    {
        var page = await browser.GetAsync("/Chat", HttpStatusCode.OK);
        var timer = Stopwatch.StartNew();
        var response = await browser.SubmitAsync(page.Form("#message-form"), new Dictionary<string, string> { ["Message"] = text });
        Count(response);
        if (response.StatusCode == HttpStatusCode.Redirect)
        {
            result.SendMilliseconds.Add(timer.Elapsed.TotalMilliseconds);
            Interlocked.Increment(ref result.Sends);
            acked.Add(text);
        }
    }

    private async Task ClearAsync(TestBrowser browser, List<string> acked)
    {
        var confirmation = await browser.GetAsync("/Chat/ConfirmClear?scope=messages", HttpStatusCode.OK);

        // Once the clear is sent it may have happened even if no answer comes back (a crash):
        // the messages before it are no longer expected either way.
        acked.Clear();
        var response = await browser.SubmitAsync(confirmation.Form("#clear-form"));
        Count(response);
        if (response.StatusCode == HttpStatusCode.Redirect)
        {
            Interlocked.Increment(ref result.Clears);
        }
    }

    private void Count(HttpResponseMessage response)
    {
        if ((int)response.StatusCode >= 500)
        {
            Interlocked.Increment(ref result.ServerErrors);
        }
    }
}
