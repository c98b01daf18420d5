using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace DocChat.Web.Data;

/// <summary>
/// Lines up this process's SQLite write transactions first come, first served. SQLite lets one
/// writer in at a time; the others wait in its busy handler, which sleeps and tries again (1, 2,
/// 5 … 100 ms), so a waiter can sleep on while the database is free and a newcomer can overtake
/// it: under 16 senders that made the slowest sends several times the median. Here a transaction
/// (EF Core begins them with BEGIN IMMEDIATE, which takes the write lock) waits its turn in a
/// queue and is let in the moment the one before ends. A write outside a transaction (an
/// ExecuteUpdate, ExecuteDelete or ExecuteSql command) waits in the same queue for as long as the
/// command runs: with the busy handler it could wait behind a run of transactions, each let in
/// ahead of it, for as long as the run lasted (the ingestion storing a document batch after
/// batch). The busy handler still covers other processes, and a write that waits here longer than
/// <see cref="LongestWait"/> goes on to the busy handler as before.
/// </summary>
public sealed class SqliteWriteQueue : DbTransactionInterceptor, IDbConnectionInterceptor, IDbCommandInterceptor
{
    /// <summary>As long as the busy handler waits (busy_timeout in <see cref="SqliteConnectionSetup"/>).</summary>
    internal static readonly TimeSpan LongestWait = TimeSpan.FromSeconds(5);

    private readonly SemaphoreSlim turn = new(1, 1);

    /// <summary>The EF Core connections (by id) whose transaction holds the turn.</summary>
    private readonly ConcurrentDictionary<Guid, bool> holders = new();

    /// <summary>The commands (by id) outside a transaction that hold the turn while they run.</summary>
    private readonly ConcurrentDictionary<Guid, bool> commandHolders = new();

    public override InterceptionResult<DbTransaction> TransactionStarting(
        DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result)
    {
        if (!holders.ContainsKey(eventData.ConnectionId) && turn.Wait(LongestWait))
        {
            holders[eventData.ConnectionId] = true;
        }

        return result;
    }

    public override async ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(
        DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result,
        CancellationToken cancellationToken = default)
    {
        if (!holders.ContainsKey(eventData.ConnectionId) && await turn.WaitAsync(LongestWait, cancellationToken))
        {
            holders[eventData.ConnectionId] = true;
        }

        return result;
    }

    public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Release(eventData.ConnectionId);

    public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Release(eventData.ConnectionId);
        return Task.CompletedTask;
    }

    public override void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Release(eventData.ConnectionId);

    public override Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Release(eventData.ConnectionId);
        return Task.CompletedTask;
    }

    public override void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData) => Release(eventData.ConnectionId);

    public override Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Release(eventData.ConnectionId);
        return Task.CompletedTask;
    }

    // A transaction disposed without a commit or rollback (an exception inside it) raises neither
    // event: the connection closing behind it gives the turn back.
    void IDbConnectionInterceptor.ConnectionClosed(DbConnection connection, ConnectionEndEventData eventData) => Release(eventData.ConnectionId);

    Task IDbConnectionInterceptor.ConnectionClosedAsync(DbConnection connection, ConnectionEndEventData eventData)
    {
        Release(eventData.ConnectionId);
        return Task.CompletedTask;
    }

    // Writes outside a transaction: EF Core runs ExecuteUpdate, ExecuteDelete and ExecuteSql as
    // non-queries (its own SaveChanges begins a transaction, which waits above).
    InterceptionResult<int> IDbCommandInterceptor.NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        if (IsWriteOutsideTransaction(command, eventData) && turn.Wait(LongestWait))
        {
            commandHolders[eventData.CommandId] = true;
        }

        return result;
    }

    async ValueTask<InterceptionResult<int>> IDbCommandInterceptor.NonQueryExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken)
    {
        if (IsWriteOutsideTransaction(command, eventData) && await turn.WaitAsync(LongestWait, cancellationToken))
        {
            commandHolders[eventData.CommandId] = true;
        }

        return result;
    }

    int IDbCommandInterceptor.NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        ReleaseCommand(eventData.CommandId);
        return result;
    }

    ValueTask<int> IDbCommandInterceptor.NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken)
    {
        ReleaseCommand(eventData.CommandId);
        return ValueTask.FromResult(result);
    }

    void IDbCommandInterceptor.CommandFailed(DbCommand command, CommandErrorEventData eventData) => ReleaseCommand(eventData.CommandId);

    Task IDbCommandInterceptor.CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken)
    {
        ReleaseCommand(eventData.CommandId);
        return Task.CompletedTask;
    }

    void IDbCommandInterceptor.CommandCanceled(DbCommand command, CommandEndEventData eventData) => ReleaseCommand(eventData.CommandId);

    Task IDbCommandInterceptor.CommandCanceledAsync(DbCommand command, CommandEndEventData eventData, CancellationToken cancellationToken)
    {
        ReleaseCommand(eventData.CommandId);
        return Task.CompletedTask;
    }

    /// <summary>A non-query with no transaction of this queue's around it (a transaction holds the turn for its commands already).</summary>
    private bool IsWriteOutsideTransaction(DbCommand command, CommandEventData eventData) =>
        command.Transaction is null && !holders.ContainsKey(eventData.ConnectionId);

    private void ReleaseCommand(Guid commandId)
    {
        if (commandHolders.TryRemove(commandId, out _))
        {
            turn.Release();
        }
    }

    private void Release(Guid connectionId)
    {
        if (holders.TryRemove(connectionId, out _))
        {
            turn.Release();
        }
    }
}
