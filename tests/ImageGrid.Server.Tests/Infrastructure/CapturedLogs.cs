using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace ImageGrid.Server.Tests.Infrastructure;

/// <summary>One log entry as the server wrote it.</summary>
public sealed record CapturedLogEntry(string Category, LogLevel Level, string Message, Exception? Exception)
{
    public override string ToString() => $"{Level} {Category}: {Message}{(Exception is null ? "" : $" [{Exception.GetType().Name}]")}";
}

/// <summary>Keeps every entry the server's filters let through, in order, for tests to wait on and inspect.</summary>
public sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<CapturedLogEntry> _entries = new();

    public IReadOnlyList<CapturedLogEntry> Entries => [.. _entries];

    /// <summary>The number of entries so far: <see cref="Since"/> reads the ones written after it.</summary>
    public int Mark() => _entries.Count;

    public IReadOnlyList<CapturedLogEntry> Since(int mark) => [.. _entries.Skip(mark)];

    /// <summary>Waits for an entry after <paramref name="mark"/> that matches; fails after the timeout.</summary>
    public async Task<CapturedLogEntry> WaitForAsync(int mark, Func<CapturedLogEntry, bool> match, TimeSpan timeout)
    {
        using var expiry = new CancellationTokenSource(timeout);
        while (true)
        {
            if (Since(mark).FirstOrDefault(match) is { } entry)
            {
                return entry;
            }

            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(20), expiry.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"No matching log entry within {timeout}; logged since: {string.Join(" | ", Since(mark))}");
            }
        }
    }

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _entries);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<CapturedLogEntry> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            entries.Enqueue(new CapturedLogEntry(category, logLevel, formatter(state, exception), exception));
    }
}
