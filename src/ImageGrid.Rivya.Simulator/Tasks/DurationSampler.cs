using ImageGrid.Rivya.Simulator.Contract;
using Microsoft.Extensions.Options;

namespace ImageGrid.Rivya.Simulator.Tasks;

/// <summary>
/// Draws each task's phase durations, log-normal around the medians of its resolution. One generator behind a lock,
/// so a seeded simulator given the same creates in the same order draws the same durations.
/// </summary>
internal sealed class DurationSampler
{
    // A draw from the far tail (|z| up to 8.6 with a double generator) must still fit a TimeSpan and a timeline.
    private static readonly double MaxTicks = TimeSpan.FromDays(3650).Ticks;

    private readonly Dictionary<string, (PhaseDurations Medians, double Spread)> profiles;
    private readonly (PhaseDurations Medians, double Spread) fallback;
    private readonly Random random;
    private readonly Lock gate = new();

    public DurationSampler(IOptions<SimulatorOptions> options)
    {
        var settings = options.Value;
        fallback = (new PhaseDurations(settings.QueuedDuration, settings.RunningDuration), 0);
        profiles = new Dictionary<string, (PhaseDurations, double)>(StringComparer.OrdinalIgnoreCase);
        foreach (var (resolution, durations) in settings.Durations)
        {
            profiles[resolution] = (
                new PhaseDurations(durations.QueuedMedian ?? settings.QueuedDuration, durations.RunningMedian ?? settings.RunningDuration),
                durations.Spread);
        }

        random = settings.Seed is { } seed ? new Random(seed) : new Random();
    }

    /// <param name="resolution">The request's resolution parameter (one of <see cref="RivyaContract.Resolutions"/>).</param>
    public PhaseDurations Draw(string resolution)
    {
        var (medians, spread) = profiles.GetValueOrDefault(resolution, fallback);
        if (spread == 0)
        {
            return medians;
        }

        lock (gate)
        {
            return new PhaseDurations(Scale(medians.Queued, spread), Scale(medians.Running, spread));
        }
    }

    private TimeSpan Scale(TimeSpan median, double spread) =>
        TimeSpan.FromTicks((long)Math.Min(median.Ticks * Math.Exp(spread * StandardNormal()), MaxTicks));

    /// <summary>Box-Muller: one standard normal value from two uniform ones.</summary>
    private double StandardNormal()
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
