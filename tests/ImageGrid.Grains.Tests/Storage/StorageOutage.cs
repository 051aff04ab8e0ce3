using ImageGrid.Grains.Tests.Accounts;

namespace ImageGrid.Grains.Tests.Storage;

/// <summary>
/// A stretch of time in which every write that <see cref="Applies"/> fails, as storage answering 503 or resetting
/// would; it ends when disposed. Counts the writes it failed so a test can wait until the grain has retried.
/// </summary>
public sealed class StorageOutage(Func<string, GrainId, object?, bool> match, WriteFault fault) : IDisposable
{
    private readonly TaskCompletionSource _enough = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _failures;
    private int _awaited = int.MaxValue;
    private volatile bool _ended;

    public WriteFault Fault => fault;

    public int Failures => Volatile.Read(ref _failures);

    public bool Applies(string stateName, GrainId grainId, object? state) => !_ended && match(stateName, grainId, state);

    public void CountFailure()
    {
        if (Interlocked.Increment(ref _failures) >= Volatile.Read(ref _awaited))
        {
            _enough.TrySetResult();
        }
    }

    /// <summary>Completes once at least <paramref name="count"/> writes have failed (the grain kept trying).</summary>
    public Task WaitForFailuresAsync(int count, TimeSpan timeout)
    {
        Volatile.Write(ref _awaited, count);
        if (Failures >= count)
        {
            _enough.TrySetResult();
        }

        return _enough.Task.WaitAsync(timeout);
    }

    public void Dispose() => _ended = true;
}
