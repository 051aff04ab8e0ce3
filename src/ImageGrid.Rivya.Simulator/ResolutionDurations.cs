namespace ImageGrid.Rivya.Simulator;

/// <summary>
/// How long tasks of one resolution stay in each phase: each task draws its own from a log-normal distribution with
/// these medians. Unset medians fall back to <see cref="SimulatorOptions.QueuedDuration"/> and
/// <see cref="SimulatorOptions.RunningDuration"/>.
/// </summary>
public sealed class ResolutionDurations
{
    /// <summary>The largest <see cref="Spread"/> accepted (p90 = 13 x the median).</summary>
    public const double MaxSpread = 2;

    public TimeSpan? QueuedMedian { get; set; }

    public TimeSpan? RunningMedian { get; set; }

    /// <summary>
    /// The log-space standard deviation (sigma of ln(duration)), the same for both phases, each drawn independently.
    /// 0 means every task gets the medians exactly; p90 = median x e^(1.2816 x Spread), e.g. 0.5 gives p90 = 1.9 x the median.
    /// </summary>
    public double Spread { get; set; }
}
