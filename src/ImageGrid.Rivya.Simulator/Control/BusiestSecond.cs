namespace ImageGrid.Rivya.Simulator.Control;

/// <summary>The wall-clock second (UTC, whole seconds) with the most requests so far, and how many it had.</summary>
/// <param name="StartedAt">The start of that second; null before the first request.</param>
public sealed record BusiestSecond(DateTimeOffset? StartedAt, long Requests);
