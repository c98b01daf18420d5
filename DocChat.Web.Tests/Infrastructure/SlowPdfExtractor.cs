namespace DocChat.Web.Tests.Infrastructure;

/// <summary>
/// A stand-in for pdftotext that takes its time: it writes one page of text (ended by a form feed,
/// as pdftotext does) every <c>delay</c> seconds, whatever PDF it is given. Long enough to watch
/// a document's progress, delete it, or stop the app while it is being read.
/// </summary>
public static class SlowPdfExtractor
{
    public static string Create(int pages, double delaySeconds)
    {
        var path = Path.Combine(Path.GetTempPath(), $"docchat-slow-pdftotext-{Guid.NewGuid():N}.sh");
        var delay = delaySeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        File.WriteAllText(path, $"#!/bin/sh\nfor i in $(seq 1 {pages}); do sleep {delay}; printf 'Page %s: zebras are striped animals.\\f' \"$i\"; done\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return path;
    }
}
