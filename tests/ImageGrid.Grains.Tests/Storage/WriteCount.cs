namespace ImageGrid.Grains.Tests.Storage;

/// <summary>How many writes that match were stored since the count began.</summary>
public sealed class WriteCount(Func<string, GrainId, object?, bool> match)
{
    private int _stored;

    public int Stored => Volatile.Read(ref _stored);

    public void CountIfMatches(string stateName, GrainId grainId, object? state)
    {
        if (match(stateName, grainId, state))
        {
            Interlocked.Increment(ref _stored);
        }
    }
}
