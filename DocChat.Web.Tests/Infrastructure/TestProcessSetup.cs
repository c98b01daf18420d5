using System.Runtime.CompilerServices;

namespace DocChat.Web.Tests.Infrastructure;

internal static class TestProcessSetup
{
    /// <summary>
    /// Every test starts its own app, and each app watches its configuration and views for changes.
    /// With inotify that is a kernel instance per watcher, and a few hundred apps exceed Linux's
    /// default limit of 128 ("The configured user limit (128) on the number of inotify instances has
    /// been reached"). Polling watchers use none; the tests never edit files under a running app.
    /// </summary>
    [ModuleInitializer]
    internal static void UsePollingFileWatchers() =>
        Environment.SetEnvironmentVariable("DOTNET_USE_POLLING_FILE_WATCHER", "true");
}
