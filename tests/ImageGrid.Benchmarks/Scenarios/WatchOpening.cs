using ImageGrid.Benchmarks.Infrastructure;

namespace ImageGrid.Benchmarks.Scenarios;

/// <summary>
/// Opens the watch scenario's streams the same way against ImageGrid and against the bare server: at most
/// <c>concurrency</c> opening at once (a stream frees its place when its first message or an error arrives), round robin
/// over the channel pool, until <c>openBy</c>; a stream still not open by then is counted out.
/// </summary>
public static class WatchOpening
{
    public sealed record Opened(List<Task> Watchers, bool TimedOut, double Seconds);

    public static async Task<Opened> OpenAsync(
        WatchRecorder recorder,
        GrpcChannelPool channels,
        IReadOnlyList<(int Index, int Watchers)> plan,
        Func<int, string> taskId,
        int concurrency,
        DateTime openBy,
        CancellationToken watching,
        CancellationToken cancellationToken)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var gate = new SemaphoreSlim(concurrency);
        var watchers = new List<Task>(plan.Sum(p => p.Watchers));
        var timedOut = false;
        foreach (var (index, count) in plan)
        {
            for (var k = 0; k < count && !timedOut; k++)
            {
                timedOut = !await gate.WaitAsync(Max(openBy - DateTime.UtcNow, TimeSpan.Zero), cancellationToken);
                if (!timedOut)
                {
                    watchers.Add(recorder.WatchAsync(channels.Next(), channels.Auth, taskId(index), index, gate, watching));
                }
            }
        }

        // Every stream has opened (or failed) once the gate is whole again.
        for (var k = 0; k < concurrency && !timedOut; k++)
        {
            timedOut = !await gate.WaitAsync(Max(openBy - DateTime.UtcNow, TimeSpan.Zero), cancellationToken);
        }

        return new Opened(watchers, timedOut, Math.Round(clock.Elapsed.TotalSeconds, 2));
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
