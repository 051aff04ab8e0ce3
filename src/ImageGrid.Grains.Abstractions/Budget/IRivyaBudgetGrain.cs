namespace ImageGrid.Grains.Budget;

/// <summary>
/// The cluster's request budget for one Rivya key: it learns the rate Rivya takes below the configured cap (additive
/// increase, multiplicative decrease on 429) and splits it among the silos by their demand, as short leases.
/// </summary>
public interface IRivyaBudgetGrain : IGrainWithStringKey
{
    /// <summary>
    /// This silo's share for the next moments. <paramref name="demand"/> is the requests per second it used or has
    /// waiting; a silo that stops asking loses its share when its lease expires. <paramref name="seesOutage"/> is true
    /// while the silo's own calls find Rivya out.
    /// </summary>
    Task<BudgetLease> LeaseAsync(string silo, double demand, bool seesOutage);

    /// <summary>Rivya answered 429 asking for <paramref name="retryAfter"/>: every silo waits, and the rate drops.</summary>
    Task ReportCongestionAsync(TimeSpan retryAfter);
}

/// <summary>A silo's share of the key's budget until <see cref="ValidFor"/> has passed.</summary>
[GenerateSerializer, Immutable, Alias("imagegrid.BudgetLease")]
public sealed record BudgetLease
{
    [Id(0)] public double Rate { get; init; }
    [Id(1)] public double Burst { get; init; }
    /// <summary>No request goes before this (Rivya's Retry-After, shared by the cluster).</summary>
    [Id(2)] public DateTimeOffset PausedUntil { get; init; }
    /// <summary>The rate the whole cluster runs at now (at most the cap).</summary>
    [Id(3)] public double ClusterRate { get; init; }
    [Id(4)] public TimeSpan ValidFor { get; init; }
    /// <summary>Rivya is out: hold every call back, unless <see cref="Probe"/>.</summary>
    [Id(5)] public bool Outage { get; init; }
    /// <summary>This silo is the one that probes for Rivya's return during an outage.</summary>
    [Id(6)] public bool Probe { get; init; }
}
