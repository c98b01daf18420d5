using DocChat.Web.Data;
using DocChat.Web.Extensions;

namespace DocChat.Web.Commands;

/// <summary>
/// <c>dotnet run --project DocChat.Web -- copy-data --to "&lt;PostgreSQL connection string&gt;"</c>:
/// copies the installation the app is configured for (its SQLite database) into an empty
/// PostgreSQL database with <see cref="DataCopy"/>, and prints the rows of each table.
/// Exit code 0 when copied, 1 when refused or failed (the target is left as it was), 2 for a usage error.
/// </summary>
public static class CopyDataCommand
{
    public const string Name = "copy-data";

    private const string Usage = """
        Usage: dotnet run --project DocChat.Web -- copy-data --to "<PostgreSQL connection string>"
        Copies this installation (the SQLite database the app is configured for) into an empty
        PostgreSQL database, e.g. --to "Host=db.example.org;Database=docchat;Username=docchat;Password=...".
        Stop the app first, or what users do during the copy stays behind in SQLite.
        """;

    private static string Rows(long count) => $"{count,10:N0} {(count == 1 ? "row" : "rows")}";

    public static bool IsRequested(string[] args) => args is [Name, ..];

    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        if (args is not [Name, "--to", { Length: > 0 } target])
        {
            await Console.Error.WriteLineAsync(Usage);
            return 2;
        }

        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };

        await using var scope = app.Services.CreateAsyncScope();
        var copy = ActivatorUtilities.CreateInstance<DataCopy>(scope.ServiceProvider);
        try
        {
            copy.CheckSource();

            // As at start: an older release's database is brought up to date and its key files moved into it.
            await app.MigrateDocChatDatabaseAsync();
            var tables = await copy.CopyToAsync(target, cancel.Token);
            Console.WriteLine($"Copied {copy.SourceFile} into PostgreSQL:");
            foreach (var table in tables)
            {
                Console.WriteLine($"  {table.Table,-24} {Rows(table.TargetRows)}");
            }

            Console.WriteLine($"  {"total",-24} {Rows(tables.Sum(t => t.TargetRows))}");
            Console.WriteLine("Now set DocChat:Database:Provider=Postgres and ConnectionStrings:DocChat to that database (docs/deployment.md).");
            return 0;
        }
        catch (DataCopyException exception)
        {
            await Console.Error.WriteLineAsync($"copy-data: {exception.Message}");
            return 1;
        }
        catch (OperationCanceledException)
        {
            await Console.Error.WriteLineAsync("copy-data: cancelled; nothing was written to the target.");
            return 1;
        }
    }
}
