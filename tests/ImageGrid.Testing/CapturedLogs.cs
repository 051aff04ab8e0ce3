using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace ImageGrid.Testing;

/// <summary>One log entry as the server wrote it.</summary>
public sealed record CapturedLogEntry(string Category, LogLevel Level, string Message, Exception? Exception)
{
    public override string ToString() => $"{Level} {Category}: {Message}{(Exception is null ? "" : $" [{Exception.GetType().Name}]")}";
}

/// <summary>
/// Keeps every entry the host's filters let through, in order, for tests to wait on and inspect, and the state of every
/// scope opened (for tests that check what never reaches a log).
/// </summary>
public sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<CapturedLogEntry> _entries = new();
    private readonly ConcurrentQueue<string> _scopes = new();

    public IReadOnlyList<CapturedLogEntry> Entries => [.. _entries];

    /// <summary>Every entry (with its whole exception) and every scope, as text.</summary>
    public IReadOnlyList<string> Lines =>
        [.. _entries.Select(entry => $"{entry.Category} {entry.Level}: {entry.Message} {entry.Exception}"), .. _scopes.Select(scope => $"scope: {scope}")];

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

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _entries, _scopes);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<CapturedLogEntry> entries, ConcurrentQueue<string> scopes) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull
        {
            scopes.Enqueue($"{category}: {state}");
            return null;
        }

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            entries.Enqueue(new CapturedLogEntry(category, logLevel, formatter(state, exception), exception));
    }
}
