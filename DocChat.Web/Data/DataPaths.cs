using DocChat.Web.Options;

namespace DocChat.Web.Data;

/// <summary>The resolved runtime data folder (database, logs, keys, scratch files).</summary>
public sealed record DataDirectory(string Path)
{
    /// <summary>A folder for short-lived working files, created on demand.</summary>
    public string Scratch => Directory.CreateDirectory(System.IO.Path.Combine(Path, "tmp")).FullName;
}

/// <summary>Resolves the runtime data folder and the default SQLite connection string.</summary>
public static class DataPaths
{
    public const string ConnectionStringName = "DocChat";
    private const string SolutionFileName = "DocChat.sln";

    public static string ResolveDataDirectory(IConfiguration configuration, IHostEnvironment environment)
    {
        var root = FindRepositoryRoot(environment.ContentRootPath)
            ?? FindRepositoryRoot(AppContext.BaseDirectory)
            ?? environment.ContentRootPath;

        var configured = configuration[$"{DataOptions.SectionName}:{nameof(DataOptions.Directory)}"];
        var directory = string.IsNullOrWhiteSpace(configured)
            ? Path.Combine(root, "Data")
            : Path.GetFullPath(configured, root);

        Directory.CreateDirectory(directory);
        return directory;
    }

    public static string ResolveConnectionString(IConfiguration configuration, string dataDirectory)
    {
        var configured = configuration.GetConnectionString(ConnectionStringName);
        return string.IsNullOrWhiteSpace(configured)
            ? $"Data Source={Path.Combine(dataDirectory, "docchat.db")}"
            : configured;
    }

    private static string? FindRepositoryRoot(string start)
    {
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, SolutionFileName)))
            {
                return directory.FullName;
            }
        }

        return null;
    }
}
