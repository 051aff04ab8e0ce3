namespace ImageGrid.Rivya.Simulator.Tests.Infrastructure;

/// <summary>A simulator whose per-key bucket holds 20 requests and refills 20 each second.</summary>
public sealed class LowRateLimitFixture : SimulatorFixture
{
    public const int PermitsPerSecond = 20;
    public const int Burst = 20;

    protected override IEnumerable<string> ExtraArguments =>
        [$"--Simulator:RateLimitPermitsPerSecond={PermitsPerSecond}", $"--Simulator:RateLimitBurst={Burst}"];
}

/// <summary>A simulator whose per-key bucket holds 2 requests and refills at 1 per second.</summary>
public sealed class TinyRateLimitFixture : SimulatorFixture
{
    protected override IEnumerable<string> ExtraArguments =>
        ["--Simulator:RateLimitPermitsPerSecond=1", "--Simulator:RateLimitBurst=2"];
}
