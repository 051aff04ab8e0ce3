using System.Diagnostics;

namespace ImageGrid.Benchmarks.Infrastructure;

/// <summary>
/// Waits for processes to go quiet: after their first load, .NET processes keep compiling (tiered JIT) on a background
/// thread, for longer than the load itself when it held the cores; a phase measured meanwhile measures the compiler.
/// </summary>
public static class QuietWait
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Returns once the processes together used less than <paramref name="busyShare"/> of one core over an interval, or
    /// after <paramref name="limit"/>; returns how long it waited.
    /// </summary>
    public static async Task<TimeSpan> UntilQuietAsync(Func<ProcSample> sample, double busyShare, TimeSpan limit, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var before = sample().Cpu;
        while (clock.Elapsed < limit)
        {
            await Task.Delay(Interval, cancellationToken);
            var now = sample().Cpu;
            if ((now - before).TotalSeconds < busyShare * Interval.TotalSeconds)
            {
                break;
            }

            before = now;
        }

        return clock.Elapsed;
    }
}
