using ImageGrid.Benchmarks.Infrastructure;
using TaskStatus = ImageGrid.Contracts.V1.TaskStatus;

namespace ImageGrid.Benchmarks.Scenarios;

/// <summary>How closely one transition of the burst's tasks coincided: the spread of their versions' stamps.</summary>
/// <param name="Tasks">Tasks whose transition a watcher received.</param>
/// <param name="Window90Ms">The narrowest window holding 90% of the stamps.</param>
/// <param name="AllMs">From the first stamp to the last.</param>
/// <param name="Busiest100Ms">The most stamps in any 100 ms.</param>
public sealed record TransitionSpread(int Tasks, double Window90Ms, double AllMs, int Busiest100Ms);

/// <summary>The burst group's (the first <c>tasks</c> tasks') transition-to-watcher latency and how coincident its transitions were.</summary>
public sealed record BurstStats(LatencySummary Latency, TransitionSpread Running, TransitionSpread Succeeded)
{
    public static BurstStats Of(WatchRecorder recorder, int tasks)
    {
        var receipts = recorder.Receipts.Where(r => r.TaskIndex < tasks).ToList();
        var latency = new LatencySamples();
        latency.AddRange(receipts.Select(r => r.LatencyMs));
        return new BurstStats(latency.Summarize(), Spread(receipts, TaskStatus.Running), Spread(receipts, TaskStatus.Succeeded));
    }

    private static TransitionSpread Spread(List<Receipt> receipts, TaskStatus status)
    {
        var stamps = receipts.Where(r => r.Status == status)
            .GroupBy(r => r.TaskIndex)
            .Select(g => g.First().UpdatedAtUtc.Ticks / (double)TimeSpan.TicksPerMillisecond)
            .Order()
            .ToArray();
        if (stamps.Length == 0)
        {
            return new TransitionSpread(0, 0, 0, 0);
        }

        var inWindow = Math.Max(1, (int)Math.Ceiling(0.9 * stamps.Length));
        var window90 = double.MaxValue;
        for (var i = 0; i + inWindow - 1 < stamps.Length; i++)
        {
            window90 = Math.Min(window90, stamps[i + inWindow - 1] - stamps[i]);
        }

        var busiest = 0;
        for (int i = 0, j = 0; i < stamps.Length; i++)
        {
            while (stamps[i] - stamps[j] >= 100)
            {
                j++;
            }

            busiest = Math.Max(busiest, i - j + 1);
        }

        return new TransitionSpread(stamps.Length, Math.Round(window90, 1), Math.Round(stamps[^1] - stamps[0], 1), busiest);
    }
}
