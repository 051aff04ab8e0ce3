namespace ImageGrid.Rivya.Simulator.Control;

/// <summary>Request and task counters, safe to bump from any thread.</summary>
internal sealed class SimulatorStats(TimeProvider time)
{
    private readonly BusiestSecondTracker admitted = new(time);
    private readonly BusiestSecondTracker offered = new(time);
    private long tasksCreated;
    private long createRequests;
    private long pollRequests;
    private long uploadRequests;
    private long rateLimitedRequests;
    private long injectedRateLimitedRequests;

    public void CountTaskCreated() => Interlocked.Increment(ref tasksCreated);

    public void CountRequest(RivyaEndpoint endpoint)
    {
        switch (endpoint)
        {
            case RivyaEndpoint.Create:
                Interlocked.Increment(ref createRequests);
                break;
            case RivyaEndpoint.Get:
                Interlocked.Increment(ref pollRequests);
                break;
            case RivyaEndpoint.Files:
                Interlocked.Increment(ref uploadRequests);
                break;
            default:
                break;
        }

        admitted.Count();
        offered.Count();
    }

    /// <summary>A request the rate limiter refused before it reached its endpoint.</summary>
    public void CountRateLimited()
    {
        Interlocked.Increment(ref rateLimitedRequests);
        offered.Count();
    }

    /// <summary>A 429 answered by an armed fault (the request itself was counted by <see cref="CountRequest"/>).</summary>
    public void CountInjectedRateLimit() => Interlocked.Increment(ref injectedRateLimitedRequests);

    public SimulatorStatsSnapshot Snapshot() =>
        new(
            Interlocked.Read(ref tasksCreated),
            Interlocked.Read(ref createRequests),
            Interlocked.Read(ref pollRequests),
            Interlocked.Read(ref uploadRequests),
            Interlocked.Read(ref rateLimitedRequests),
            Interlocked.Read(ref injectedRateLimitedRequests),
            admitted.Snapshot(),
            offered.Snapshot());
}
