using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace DocChat.Web.Tests.Infrastructure;

/// <summary>A log event as the app wrote it: its message and its named properties.</summary>
public sealed record CapturedLog(string Category, LogLevel Level, string Message, IReadOnlyDictionary<string, object?> Properties);

/// <summary>Keeps every structured log event of the app, for assertions on what it logs.</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider
{
    public ConcurrentQueue<CapturedLog> Events { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturingLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var properties = state as IEnumerable<KeyValuePair<string, object?>> ?? [];
            provider.Events.Enqueue(new CapturedLog(category, logLevel, formatter(state, exception), properties.ToDictionary(p => p.Key, p => p.Value)));
        }
    }
}
