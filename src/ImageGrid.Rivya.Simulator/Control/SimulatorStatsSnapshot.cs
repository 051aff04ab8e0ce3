namespace ImageGrid.Rivya.Simulator.Control;

/// <summary>
/// Totals since start: tasks created, and create/status/upload requests that reached their endpoint (authenticated and within
/// the rate limit; requests answered by an injected fault count too).
/// </summary>
public sealed record SimulatorStatsSnapshot(long TasksCreated, long CreateRequests, long PollRequests, long UploadRequests);
