namespace ImageGrid.Rivya.Simulator.Control;

/// <summary>Request and task counters, safe to bump from any thread.</summary>
internal sealed class SimulatorStats
{
    private long tasksCreated;
    private long createRequests;
    private long pollRequests;
    private long uploadRequests;

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
    }

    public SimulatorStatsSnapshot Snapshot() =>
        new(Interlocked.Read(ref tasksCreated), Interlocked.Read(ref createRequests), Interlocked.Read(ref pollRequests), Interlocked.Read(ref uploadRequests));
}
