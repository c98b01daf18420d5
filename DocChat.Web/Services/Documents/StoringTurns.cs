using System.Diagnostics;

namespace DocChat.Web.Services.Documents;

/// <summary>
/// Whose turn it is to store passages, among the ingestion's workers in this process: one document
/// at a time, in the order they asked, each for up to a slice of time while another waits. Writes
/// to the database go one after the other whatever the order, so storing two documents' batches
/// in turn only made both finish late; one at a time, the first is Ready as soon as it can be,
/// and the other worker reads (and cuts, and prepares) its next document meanwhile, so the writes
/// do not wait for a reading. The slice keeps a small upload from waiting long behind a big one.
/// Other requests' writes are not ordered here (<see cref="Data.SqliteWriteQueue"/>).
/// </summary>
public sealed class StoringTurns(TimeSpan slice)
{
    // SemaphoreSlim hands itself to asynchronous waiters in the order they came.
    private readonly SemaphoreSlim turn = new(1, 1);
    private readonly TimeSpan slice = slice;
    private int waiting;

    /// <summary>Waits for the turn; disposing the result hands it on.</summary>
    public async Task<Turn> TakeAsync(CancellationToken cancellationToken)
    {
        await WaitAsync(cancellationToken);
        return new Turn(this);
    }

    private async Task WaitAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref waiting);
        try
        {
            await turn.WaitAsync(cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref waiting);
        }
    }

    /// <summary>A worker's turn to store.</summary>
    public sealed class Turn(StoringTurns turns) : IDisposable
    {
        private long since = Stopwatch.GetTimestamp();
        private bool held = true;

        /// <summary>Once its slice is over, hands the turn to a worker that waits for it and waits for the next; otherwise goes on at once.</summary>
        public async Task YieldIfOthersWaitAsync(CancellationToken cancellationToken)
        {
            if (Stopwatch.GetElapsedTime(since) < turns.slice || Volatile.Read(ref turns.waiting) == 0)
            {
                return;
            }

            held = false;
            turns.turn.Release();
            await turns.WaitAsync(cancellationToken);
            held = true;
            since = Stopwatch.GetTimestamp();
        }

        public void Dispose()
        {
            if (held)
            {
                held = false;
                turns.turn.Release();
            }
        }
    }
}
