using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using DocChat.Web.Tests.Infrastructure;

namespace DocChat.Web.Tests.Reliability;

/// <summary>What one load run observed.</summary>
public sealed class LoadResult
{
    /// <summary>Time since the run began, for when things happened.</summary>
    public Stopwatch Clock { get; } = Stopwatch.StartNew();

    public ConcurrentBag<double> SendMilliseconds { get; } = [];
    public int Sends;
    public int Clears;
    public int ServerErrors;
    public int Unavailable;

    /// <summary>When each 5xx answer's request was sent and answered (<see cref="Clock"/>).</summary>
    public ConcurrentBag<(TimeSpan Sent, TimeSpan Answered)> ServerErrorTimes { get; } = [];

    /// <summary>What a user should never see: being sent to the login page, or put in another chat session than the one they were in.</summary>
    public ConcurrentBag<string> Surprises { get; } = [];

    public double Percentile(double p)
    {
        var sorted = SendMilliseconds.Order().ToList();
        return sorted.Count == 0 ? 0 : sorted[(int)Math.Min(sorted.Count - 1, Math.Floor(p * sorted.Count))];
    }
}

/// <summary>
/// Virtual users against a server on loopback: each registers, then sends messages and every
/// <c>clearEvery</c>-th action clears its conversation, through the real forms. A run lasts its
/// duration and, on a machine too slow to get that far in it, until every user has done one
/// round of sends and a clear (at most <see cref="MostOvertime"/> longer). Every send the
/// server acknowledged (its redirect) is remembered unless a later clear covers it. A user who
/// finds the login page or another current chat than before is a surprise (<see cref="LoadResult.Surprises"/>).
/// </summary>
public sealed class LoadGenerator(Uri server, LoadResult result, int clearEvery = 10)
{
    private readonly ConcurrentDictionary<int, (TestBrowser Browser, List<string> Acked)> users = new();
    private readonly ConcurrentDictionary<TestBrowser, string> currentSessions = new();
    private readonly ConcurrentDictionary<int, int> sequences = new();

    /// <summary>Every send acknowledged so far that no later clear covers: these must be in the database.</summary>
    public IReadOnlyList<string> MustExist => users.Values.SelectMany(u => u.Acked).ToList();

    /// <summary>How much longer than asked a run may go on for its users to each finish a round.</summary>
    public static readonly TimeSpan MostOvertime = TimeSpan.FromMinutes(2);

    /// <summary>Runs the users until the duration is over and each has done a round, or until cancelled.</summary>
    public async Task RunAsync(int userCount, TimeSpan duration, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, userCount).Select(user => Task.Run(() => UserAsync(user, duration, clock, cancellationToken), cancellationToken)));
    }

    private async Task UserAsync(int user, TimeSpan duration, Stopwatch clock, CancellationToken cancellationToken)
    {
        var (browser, acked) = users.GetOrAdd(user, _ => (new TestBrowser(server), new List<string>()));
        var sequence = sequences.GetValueOrDefault(user);
        var actions = 0;
        while (!cancellationToken.IsCancellationRequested
               && (clock.Elapsed < duration || (actions < clearEvery && clock.Elapsed < duration + MostOvertime)))
        {
            try
            {
                if (browser.Cookie(DocChat.Web.Extensions.IdentityExtensions.AuthCookieName) is null)
                {
                    // Again if the registration was lost (a 5xx while its instance died).
                    await RegisterAsync(browser);
                    continue;
                }

                actions++;
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

    private async Task RegisterAsync(TestBrowser browser)
    {
        if (await PageAsync(browser, "/Identity/Account/Register") is not { } page)
        {
            return;
        }

        var sent = result.Clock.Elapsed;
        var response = await browser.SubmitAsync(page.Form("#registerForm"), new Dictionary<string, string>
        {
            ["Input.Email"] = Accounts.NewEmail(),
            ["Input.Password"] = Accounts.Password,
            ["Input.ConfirmPassword"] = Accounts.Password,
        });
        if (!Count(response, sent) && response.StatusCode != HttpStatusCode.Redirect)
        {
            result.Surprises.Add($"registration answered {(int)response.StatusCode}");
        }
    }

    private async Task SendAsync(TestBrowser browser, List<string> acked, string text)
    {
        if (await PageAsync(browser, "/Chat") is not { } page)
        {
            return;
        }

        var session = page.Document.QuerySelector("li.session-item.current")?.GetAttribute("data-session-id") ?? "none";
        var first = currentSessions.GetOrAdd(browser, session);
        if (first != session)
        {
            result.Surprises.Add($"current chat changed from {first} to {session}");
        }

        var timer = Stopwatch.StartNew();
        var sent = result.Clock.Elapsed;
        var response = await browser.SubmitAsync(page.Form("#message-form"), new Dictionary<string, string> { ["Message"] = text });
        Count(response, sent);
        if (response.StatusCode == HttpStatusCode.Redirect)
        {
            result.SendMilliseconds.Add(timer.Elapsed.TotalMilliseconds);
            Interlocked.Increment(ref result.Sends);
            acked.Add(text);
        }
    }

    private async Task ClearAsync(TestBrowser browser, List<string> acked)
    {
        if (await PageAsync(browser, "/Chat/ConfirmClear?scope=messages") is not { } confirmation)
        {
            return;
        }

        // Once the clear is sent it may have happened even if no answer comes back (a crash):
        // the messages before it are no longer expected either way.
        acked.Clear();
        var sent = result.Clock.Elapsed;
        var response = await browser.SubmitAsync(confirmation.Form("#clear-form"));
        Count(response, sent);
        if (response.StatusCode == HttpStatusCode.Redirect)
        {
            Interlocked.Increment(ref result.Clears);
        }
    }

    /// <summary>A page the user opens: null after a 5xx (counted) or a surprise (recorded).</summary>
    private async Task<Page?> PageAsync(TestBrowser browser, string url)
    {
        var sent = result.Clock.Elapsed;
        var response = await browser.Http.GetAsync(url);
        if (Count(response, sent))
        {
            return null;
        }

        if (response.StatusCode != HttpStatusCode.OK)
        {
            result.Surprises.Add($"GET {url} at {sent.TotalSeconds:0.0} s: {(int)response.StatusCode} to {response.Headers.Location}");
            return null;
        }

        return await TestBrowser.ParseAsync(response);
    }

    /// <summary>Counts a 5xx answer with when its request was sent and answered; true if it was one.</summary>
    private bool Count(HttpResponseMessage response, TimeSpan sent)
    {
        if ((int)response.StatusCode < 500)
        {
            return false;
        }

        Interlocked.Increment(ref result.ServerErrors);
        result.ServerErrorTimes.Add((sent, result.Clock.Elapsed));
        return true;
    }
}
