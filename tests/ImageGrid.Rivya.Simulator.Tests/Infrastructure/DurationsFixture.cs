namespace ImageGrid.Rivya.Simulator.Tests.Infrastructure;

/// <summary>A seeded simulator: 2K tasks have fixed durations of their own, 4K tasks draw theirs around the default ones.</summary>
public sealed class DurationsFixture : SimulatorFixture
{
    public static readonly TimeSpan TwoKQueued = TimeSpan.FromSeconds(7);
    public static readonly TimeSpan TwoKRunning = TimeSpan.FromSeconds(4);

    protected override IEnumerable<string> ExtraArguments =>
    [
        "--Simulator:Seed=11",
        $"--Simulator:Durations:2K:QueuedMedian={TwoKQueued}",
        $"--Simulator:Durations:2K:RunningMedian={TwoKRunning}",
        "--Simulator:Durations:4K:Spread=0.5",
    ];
}
