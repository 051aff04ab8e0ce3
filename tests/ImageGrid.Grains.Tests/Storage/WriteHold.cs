namespace ImageGrid.Grains.Tests.Storage;

/// <summary>
/// A stretch of time in which every write that <see cref="Applies"/> waits, as it would on a slow store, until the hold
/// is disposed; then the held writes go on.
/// </summary>
public sealed class WriteHold(Func<string, GrainId, object?, bool> match) : IDisposable
{
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _held = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once a write is held.</summary>
    public Task Held => _held.Task;

    public bool Applies(string stateName, GrainId grainId, object? state) => !_released.Task.IsCompleted && match(stateName, grainId, state);

    /// <summary>Completes when the hold ends.</summary>
    public Task WaitAsync()
    {
        _held.TrySetResult();
        return _released.Task;
    }

    public void Dispose() => _released.TrySetResult();
}
