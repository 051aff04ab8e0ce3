namespace ImageGrid.Rivya.Simulator;

/// <summary>Settings of the simulator, bound from the configuration section <see cref="SectionName"/>.</summary>
public sealed class SimulatorOptions
{
    public const string SectionName = "Simulator";

    /// <summary>The key accepted when <see cref="ApiKeys"/> is left empty.</summary>
    public const string DefaultApiKey = "sim-dev-key";

    /// <summary>Bearer keys accepted; empty means just <see cref="DefaultApiKey"/>.</summary>
    public IList<string> ApiKeys { get; set; } = [];

    /// <summary>Credits each key starts with.</summary>
    public int InitialCredits { get; set; } = 1_000_000;

    /// <summary>How long a task stays <c>queued</c> after it is created; the median for resolutions without their own.</summary>
    public TimeSpan QueuedDuration { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a task stays <c>running</c> before it succeeds or fails; the median for resolutions without their own.</summary>
    public TimeSpan RunningDuration { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Phase durations per resolution (keys <c>1K</c>, <c>2K</c>, <c>4K</c>), e.g. <c>Simulator:Durations:1K:Spread=0.5</c>.
    /// A resolution left out gets <see cref="QueuedDuration"/> and <see cref="RunningDuration"/> exactly.
    /// </summary>
    public IDictionary<string, ResolutionDurations> Durations { get; set; } = new Dictionary<string, ResolutionDurations>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Seed of the duration draws, for reproducible runs; unset draws from an unseeded generator.</summary>
    public int? Seed { get; set; }

    /// <summary>Sustained requests per second each API key may make to <c>/api/v1</c>.</summary>
    public int RateLimitPermitsPerSecond { get; set; } = 200;

    /// <summary>Requests each API key may make at once before the sustained rate applies.</summary>
    public int RateLimitBurst { get; set; } = 400;

    /// <summary>Base of result and file URLs (e.g. <c>http://rivya-sim:5090</c>); when unset, the scheme and host of each request.</summary>
    public string? PublicBaseUrl { get; set; }
}
