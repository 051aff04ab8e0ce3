using ImageGrid.Server.Tests.Infrastructure;

namespace ImageGrid.Server.Tests.Budget;

/// <summary>
/// The simulator at a low limit (50 requests/s per key, refilled once a second, 100 at most) and an ImageGrid server
/// whose Rivya budget is capped at <see cref="Cap"/>.
/// </summary>
public abstract class LimitedRivyaFixture : ImageGridFixture
{
    public const int RivyaLimit = 50;
    public const int RivyaBurst = 100;

    protected abstract double Cap { get; }

    protected abstract double Burst { get; }

    protected override IEnumerable<string> SimulatorArguments() =>
    [
        .. base.SimulatorArguments(),
        $"--Simulator:RateLimitPermitsPerSecond={RivyaLimit}",
        $"--Simulator:RateLimitBurst={RivyaBurst}",
    ];

    protected override IEnumerable<string> ServerArguments(string simulatorUrl) =>
    [
        .. base.ServerArguments(simulatorUrl),
        $"--Rivya:RequestsPerSecond={Cap}",
        $"--Rivya:Burst={Burst}",
    ];
}

/// <summary>A cap that fits Rivya's limit: the burst plus a second at the rate stays within what Rivya holds.</summary>
public sealed class MatchingCapFixture : LimitedRivyaFixture
{
    protected override double Cap => 45;

    protected override double Burst => 50;
}

/// <summary>A cap twenty times Rivya's limit: the budget must learn the real one from the 429s.</summary>
public sealed class TooHighCapFixture : LimitedRivyaFixture
{
    protected override double Cap => 1000;

    protected override double Burst => 1000;
}

[CollectionDefinition(Name)]
public sealed class MatchingCapCollection : ICollectionFixture<MatchingCapFixture>
{
    public const string Name = "budget-matching-cap";
}

[CollectionDefinition(Name)]
public sealed class TooHighCapCollection : ICollectionFixture<TooHighCapFixture>
{
    public const string Name = "budget-too-high-cap";
}
