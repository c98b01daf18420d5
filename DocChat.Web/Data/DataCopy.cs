using System.Data;
using System.Reflection;
using DocChat.Web.Data.Entities;
using DocChat.Web.Services.Answering;
using DocChat.Web.Services.Documents;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace DocChat.Web.Data;

/// <summary>Why a copy did not start or did not finish; the target is left as it was.</summary>
public sealed class DataCopyException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Rows of one table: in the source, and in the target after the copy.</summary>
public sealed record TableCopy(string Table, long SourceRows, long TargetRows);

/// <summary>
/// Copies a whole installation from its SQLite database into an empty PostgreSQL database (the
/// <c>copy-data</c> command): every table of the model, rows as stored (keys, password hashes and
/// security stamps, cleared messages waiting for their purge, the Data Protection keys), the
/// uploaded files of documents waiting to be read (files on SQLite, rows on PostgreSQL), then the
/// bigram index of CJK passages, which PostgreSQL keeps in a table of its own. The source is read
/// in one transaction (a consistent snapshot even if the app is still running) and the target is
/// written in one, so a copy that fails leaves the target empty and can be run again.
/// </summary>
public sealed class DataCopy(DocChatDbContext source, IUploadStore uploadStore, ILogger<DataCopy> logger)
{
    /// <summary>Rows saved per round trip, unless their text reaches <see cref="BatchBytes"/> first (documents and uploads are large).</summary>
    private const int BatchRows = 1_000;
    private const long BatchBytes = 16 * 1024 * 1024;

    private const string MigrationsHistoryTable = "__EFMigrationsHistory";

    private static readonly MethodInfo CopyTableMethod =
        typeof(DataCopy).GetMethod(nameof(CopyTableAsync), BindingFlags.NonPublic | BindingFlags.Instance)!;

    /// <summary>The source's SQLite file, for messages.</summary>
    public string SourceFile => new SqliteConnectionStringBuilder(source.Database.GetConnectionString()).DataSource;

    /// <summary>Whether there is an installation on SQLite to copy; call before the app's start-up migrates (or creates) the database.</summary>
    public void CheckSource()
    {
        if (!source.Database.IsSqlite())
        {
            throw new DataCopyException("copy-data copies an installation on SQLite, and this one is on PostgreSQL already. To move a PostgreSQL database, use pg_dump and pg_restore.");
        }

        if (!File.Exists(SourceFile))
        {
            throw new DataCopyException($"There is no DocChat database at {SourceFile}. Run copy-data with the settings of the installation to copy (DocChat:Data:Directory or ConnectionStrings:DocChat).");
        }
    }

    /// <summary>Copies the source, checked and brought up to date by the app's start-up migration, into the target.</summary>
    public async Task<IReadOnlyList<TableCopy>> CopyToAsync(string targetConnectionString, CancellationToken cancellationToken)
    {
        await using var target = TargetContext(targetConnectionString);
        await RefuseUnlessEmptyAsync(target, cancellationToken);
        await MigrateTargetAsync(target, cancellationToken);

        await using var snapshot = await BeginSnapshotAsync(cancellationToken);
        await using var transaction = await target.Database.BeginTransactionAsync(cancellationToken);

        // The target's migration wrote the default settings row; the source's replaces it.
        await target.InstanceSettings.ExecuteDeleteAsync(cancellationToken);
        var copies = new List<TableCopy>();
        foreach (var type in InDependencyOrder(target.Model))
        {
            var copy = CopyTableMethod.MakeGenericMethod(type.ClrType);
            copies.Add(await (Task<TableCopy>)copy.Invoke(this, [target, type, cancellationToken])!);
        }

        // The uploads of documents waiting to be read are files on SQLite: they join the table's rows.
        var uploadsTable = target.Model.FindEntityType(typeof(DocumentUpload))!.GetTableName();
        var uploads = copies.FindIndex(c => c.Table == uploadsTable);
        var files = await CopyWaitingUploadsAsync(target, cancellationToken);
        copies[uploads] = copies[uploads] with
        {
            SourceRows = copies[uploads].SourceRows + files,
            TargetRows = await target.DocumentUploads.LongCountAsync(cancellationToken),
        };
        await IndexCjkBigramsAsync(target, cancellationToken);
        await ContinueIdentitiesAsync(target, cancellationToken);

        var mismatched = copies.Where(c => c.SourceRows != c.TargetRows).ToList();
        if (mismatched.Count > 0)
        {
            throw new DataCopyException("The copy does not match the source, so nothing was written: "
                + string.Join(", ", mismatched.Select(c => $"{c.Table} has {c.SourceRows} rows in the source and {c.TargetRows} in the copy")));
        }

        await transaction.CommitAsync(cancellationToken);
        return copies;
    }

    private static PostgresDocChatDbContext TargetContext(string connectionString)
    {
        NpgsqlConnectionStringBuilder settings;
        try
        {
            settings = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException exception)
        {
            throw new DataCopyException($"--to is not a PostgreSQL connection string ({exception.Message}). Expected e.g. \"Host=db.example.org;Database=docchat;Username=docchat;Password=...\".", exception);
        }

        if (string.IsNullOrWhiteSpace(settings.Host) || string.IsNullOrWhiteSpace(settings.Database))
        {
            throw new DataCopyException("--to must name the server and the database to copy into, e.g. \"Host=db.example.org;Database=docchat;Username=docchat;Password=...\".");
        }

        var options = new DbContextOptionsBuilder<PostgresDocChatDbContext>()
            // Large tables are written in one transaction; statements get time to match.
            .UseNpgsql(settings.ConnectionString, npgsql => npgsql.CommandTimeout(600))
            .ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning))
            .Options;
        return new PostgresDocChatDbContext(options);
    }

    /// <summary>
    /// A target is empty when it does not exist yet (the migration creates it), has no tables, or
    /// has only DocChat's tables with no rows but the default settings row (migrated, never used).
    /// </summary>
    private static async Task RefuseUnlessEmptyAsync(PostgresDocChatDbContext target, CancellationToken cancellationToken)
    {
        var settings = new NpgsqlConnectionStringBuilder(target.Database.GetConnectionString());
        var where = $"The database \"{settings.Database}\" at {settings.Host}";
        try
        {
            if (!await target.GetService<IRelationalDatabaseCreator>().ExistsAsync(cancellationToken))
            {
                return;
            }
        }
        catch (Exception exception) when (exception is NpgsqlException || exception.InnerException is NpgsqlException)
        {
            // Npgsql's execution strategy wraps a refused connection in an InvalidOperationException.
            var cause = exception as NpgsqlException ?? exception.InnerException!;
            throw new DataCopyException($"Cannot reach the database \"{settings.Database}\" at {settings.Host} ({cause.Message}). Check --to and that the server is running and accepts this user.", exception);
        }

        var tables = await target.Database.SqlQueryRaw<string>("""
            SELECT c.relname AS "Value" FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'
            """).ToListAsync(cancellationToken);
        var ours = target.Model.GetEntityTypes().Select(t => t.GetTableName()!)
            .Append(MigrationsHistoryTable).Append(PostgresSearch.GramsTable).ToHashSet(StringComparer.Ordinal);
        var foreign = tables.Where(t => !ours.Contains(t)).Order(StringComparer.Ordinal).ToList();
        if (foreign.Count > 0)
        {
            throw new DataCopyException($"{where} is not empty: it has tables DocChat did not make ({string.Join(", ", foreign.Take(5))}). Copy into a new, empty database.");
        }

        foreach (var table in tables.Where(t => t != MigrationsHistoryTable).Order(StringComparer.Ordinal))
        {
            var rows = await CountAsync(target, table, cancellationToken);
            var defaultRows = table == target.Model.FindEntityType(typeof(InstanceSettings))!.GetTableName() ? 1 : 0;
            if (rows > defaultRows)
            {
                throw new DataCopyException($"{where} is not empty: table {table} has {rows} rows. copy-data writes only into an empty database, so nothing there is overwritten or mixed with this installation; create a new database or drop this one first.");
            }
        }
    }

    private static async Task MigrateTargetAsync(PostgresDocChatDbContext target, CancellationToken cancellationToken)
    {
        try
        {
            await DatabaseSetup.MigrateAsync(target);
        }
        catch (DatabaseSetupException exception)
        {
            throw new DataCopyException(exception.Message.Replace(DatabaseSetup.ConnectionSetting, "--to", StringComparison.Ordinal), exception);
        }
    }

    /// <summary>A read transaction on the source: every table is read as of one moment, while the app may go on writing.</summary>
    private async Task<IAsyncDisposable> BeginSnapshotAsync(CancellationToken cancellationToken)
    {
        await source.Database.OpenConnectionAsync(cancellationToken);
        var connection = (SqliteConnection)source.Database.GetDbConnection();
        var transaction = connection.BeginTransaction(deferred: true);
        await source.Database.UseTransactionAsync(transaction, cancellationToken);
        return transaction;
    }

    /// <summary>Principal tables first (users before their sessions, sessions before their messages), so every foreign key finds its row.</summary>
    private static List<IEntityType> InDependencyOrder(IModel model)
    {
        var ordered = new List<IEntityType>();
        var remaining = model.GetEntityTypes().Where(t => t.GetTableName() is not null).OrderBy(t => t.GetTableName(), StringComparer.Ordinal).ToList();
        while (remaining.Count > 0)
        {
            var ready = remaining.First(t => t.GetForeignKeys().All(k => k.PrincipalEntityType == t || ordered.Contains(k.PrincipalEntityType)));
            ordered.Add(ready);
            remaining.Remove(ready);
        }

        return ordered;
    }

    /// <summary>One table, streamed from the source and saved in batches; query filters off, so cleared messages waiting for their purge come too.</summary>
    private async Task<TableCopy> CopyTableAsync<TEntity>(PostgresDocChatDbContext target, IEntityType type, CancellationToken cancellationToken)
        where TEntity : class
    {
        var table = type.GetTableName()!;
        var sourceRows = await source.Set<TEntity>().IgnoreQueryFilters().LongCountAsync(cancellationToken);
        var (rows, bytes) = (0L, 0L);
        await foreach (var row in source.Set<TEntity>().IgnoreQueryFilters().AsNoTracking().AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            bytes += Prepare(type, row);
            target.Add(row);
            rows++;
            if (rows % BatchRows == 0 || bytes >= BatchBytes)
            {
                await SaveBatchAsync(target, cancellationToken);
                bytes = 0;
                logger.LogInformation("Copied {RowCount} of {SourceRows} rows of {Table}", rows, sourceRows, table);
            }
        }

        await SaveBatchAsync(target, cancellationToken);
        logger.LogInformation("Copied {RowCount} rows of {Table}", rows, table);
        return new TableCopy(table, sourceRows, await CountAsync(target, table, cancellationToken));
    }

    /// <summary>
    /// The uploaded files of documents still waiting to be read, which on SQLite are files
    /// (<see cref="FileUploadStore"/>), into PostgreSQL's <c>DocumentUploads</c>, so the target's
    /// ingestion reads them. Returns how many. A document read while the copy runs has lost its file by then and
    /// fails in the target with a reason (upload it again); copy with the app stopped to avoid that.
    /// </summary>
    private async Task<long> CopyWaitingUploadsAsync(PostgresDocChatDbContext target, CancellationToken cancellationToken)
    {
        var waiting = await source.Documents.IgnoreQueryFilters()
            .Where(d => d.Status == DocumentStatus.Queued || d.Status == DocumentStatus.Processing)
            .Select(d => d.Id)
            .ToListAsync(cancellationToken);
        var copied = await target.DocumentUploads.Select(u => u.DocumentId).ToListAsync(cancellationToken);
        long files = 0;
        foreach (var id in waiting.Except(copied))
        {
            if (await uploadStore.ReadAsync(id, cancellationToken) is { } content)
            {
                target.DocumentUploads.Add(new DocumentUpload { DocumentId = id, Content = content });
                await SaveBatchAsync(target, cancellationToken);
                files++;
            }
        }

        logger.LogInformation("Copied {FileCount} uploaded files of documents waiting to be read", files);
        return files;
    }

    /// <summary>
    /// SQLite gives back times without a kind; they were written as UTC, and PostgreSQL's
    /// timestamp with time zone takes UTC only. Set on the object itself: to EF a time that
    /// differs only in its kind is unchanged. Returns the row's text and binary size, for batching.
    /// </summary>
    private static long Prepare(IEntityType type, object row)
    {
        long bytes = 0;
        foreach (var property in type.GetProperties())
        {
            if (property.PropertyInfo is not { } clr)
            {
                continue;
            }

            switch (clr.GetValue(row))
            {
                case DateTime { Kind: DateTimeKind.Unspecified } time:
                    clr.SetValue(row, DateTime.SpecifyKind(time, DateTimeKind.Utc));
                    break;
                case DateTimeOffset { Offset.Ticks: not 0 } time:
                    clr.SetValue(row, time.ToUniversalTime());
                    break;
                case string text:
                    bytes += text.Length * sizeof(char);
                    break;
                case byte[] content:
                    bytes += content.Length;
                    break;
            }
        }

        return bytes;
    }

    private static async Task SaveBatchAsync(PostgresDocChatDbContext target, CancellationToken cancellationToken)
    {
        await target.SaveChangesAsync(cancellationToken);
        target.ChangeTracker.Clear();
    }

    /// <summary>PostgreSQL finds CJK passages by their bigrams, kept in a table SQLite does not have: built here from each passage's text, as ingestion does.</summary>
    private async Task IndexCjkBigramsAsync(PostgresDocChatDbContext target, CancellationToken cancellationToken)
    {
        var index = new PostgresPassageIndex(target);
        var passages = source.DocumentChunks.AsNoTracking()
            .Select(c => new { c.Id, c.Text, c.Document!.UserId })
            .AsAsyncEnumerable();
        var indexed = 0;
        await foreach (var passage in passages.WithCancellation(cancellationToken))
        {
            if (await index.AddGramsOfAsync(passage.Id, passage.UserId, passage.Text, cancellationToken))
            {
                indexed++;
            }
        }

        logger.LogInformation("Indexed the bigrams of {PassageCount} CJK passages", indexed);
    }

    /// <summary>Rows were copied with their keys; each identity column goes on from the highest one, so new rows do not collide.</summary>
    private static async Task ContinueIdentitiesAsync(PostgresDocChatDbContext target, CancellationToken cancellationToken)
    {
        foreach (var type in target.Model.GetEntityTypes())
        {
            if (type.FindPrimaryKey()?.Properties is [{ ValueGenerated: ValueGenerated.OnAdd } key] && (key.ClrType == typeof(int) || key.ClrType == typeof(long)))
            {
                // Names from the model, not from input.
                var (table, column) = (type.GetTableName()!, key.GetColumnName());
                var continueFromMax = $"""SELECT setval(pg_get_serial_sequence('"{table}"', '{column}'), coalesce((SELECT max("{column}") FROM "{table}"), 0) + 1, false)""";
                await target.Database.ExecuteSqlRawAsync(continueFromMax, cancellationToken);
            }
        }
    }

    /// <summary>Rows of a table named by the model or the catalog, not by input.</summary>
    private static async Task<long> CountAsync(PostgresDocChatDbContext target, string table, CancellationToken cancellationToken)
    {
        var count = $"""SELECT count(*) AS "Value" FROM "{table}" """;
        return await target.Database.SqlQueryRaw<long>(count).SingleAsync(cancellationToken);
    }
}
