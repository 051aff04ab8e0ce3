namespace ImageGrid.Rivya.Simulator.Tasks;

/// <summary>How long one task stays queued and then running.</summary>
internal readonly record struct PhaseDurations(TimeSpan Queued, TimeSpan Running);
