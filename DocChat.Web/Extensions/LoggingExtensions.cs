using DocChat.Web.Data;
using Serilog;

namespace DocChat.Web.Extensions;

public static class LoggingExtensions
{
    /// <summary>
    /// Serilog from the <c>Serilog</c> section of configuration. Relative file-sink paths are
    /// rooted in the data folder, so logs land in <c>Data/logs/</c> wherever the app is started.
    /// Returns the data folder for the rest of the wiring.
    /// </summary>
    public static string AddDocChatLogging(this WebApplicationBuilder builder)
    {
        var dataDirectory = DataPaths.ResolveDataDirectory(builder.Configuration, builder.Environment);
        RootRelativeLogPaths(builder.Configuration, dataDirectory);

        var logger = new LoggerConfiguration()
            .ReadFrom.Configuration(builder.Configuration)
            .CreateLogger();

        builder.Logging.ClearProviders();
        builder.Logging.AddSerilog(logger, dispose: true);
        return dataDirectory;
    }

    private static void RootRelativeLogPaths(ConfigurationManager configuration, string dataDirectory)
    {
        var overrides = new Dictionary<string, string?>();
        foreach (var sink in configuration.GetSection("Serilog:WriteTo").GetChildren())
        {
            var path = sink.GetSection("Args:path");
            if (path.Value is { Length: > 0 } value && !Path.IsPathRooted(value))
            {
                overrides[path.Path] = Path.Combine(dataDirectory, value);
            }
        }

        if (overrides.Count > 0)
        {
            configuration.AddInMemoryCollection(overrides);
        }
    }
}
