namespace ImageGrid.Grains;

/// <summary>The adaptive delay between polls: short after a change, growing while nothing happens.</summary>
public sealed class PollSchedule(TaskPollingOptions options)
{
    public TimeSpan Current { get; private set; } = options.InitialInterval;

    public TimeSpan AfterChange() => Current = options.InitialInterval;

    public TimeSpan AfterNoChange()
    {
        var grown = TimeSpan.FromTicks((long)(Current.Ticks * options.GrowthFactor));
        return Current = grown > options.MaxInterval ? options.MaxInterval : grown;
    }

    /// <summary>After an error: Rivya's Retry-After when it gave one, otherwise the grown delay.</summary>
    public TimeSpan AfterError(TimeSpan? retryAfter)
    {
        var next = AfterNoChange();
        return retryAfter is { } wait && wait > next ? wait : next;
    }
}
