using System.Diagnostics;
using ImageGrid.Benchmarks.Infrastructure;
using ImageGrid.Benchmarks.Reporting;

namespace ImageGrid.Benchmarks.Scenarios;

/// <summary>
/// 4. Stream cost. K tasks that stay queued for hours, an idle window without streams, then S WatchTask streams spread
/// over those tasks and the same idle window again: the server's RSS and CPU differences, divided by S.
/// </summary>
public sealed class StreamCostScenario : IScenario
{
    private const double Mib = 1024 * 1024;

    public string Name => "streams";

    public string Title => "Memory and CPU per idle WatchTask stream";

    public StackOptions Stack(BenchSettings settings) => new(Name, TimeSpan.FromHours(2), TimeSpan.FromHours(1), []);

    public async Task RunAsync(BenchStack stack, BenchSettings settings, ScenarioResult result, CancellationToken cancellationToken)
    {
        var created = await Load.CreateManyAsync(stack, settings.IdleStreamTasks, 16, "Benchmark streams: an empty train platform at noon",
            TimeSpan.FromSeconds(30), cancellationToken);
        if (created.Tasks.Count == 0)
        {
            throw new InvalidOperationException($"no task was created (errors: {string.Join(", ", created.Errors)})");
        }

        // Let every task's polling reach its steady interval, so both windows carry the same background polling.
        var steadyAt = created.Tasks.Max(t => t.AnsweredAtUtc) + settings.IdleSteadyWait;
        if (steadyAt > DateTime.UtcNow)
        {
            await Task.Delay(steadyAt - DateTime.UtcNow, cancellationToken);
        }

        var (withoutStreams, rssWithout) = await IdleWindowAsync(stack, settings, "idle, no streams", cancellationToken);
        result.Cpu.Add(withoutStreams);

        using var holding = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var recorder = new WatchRecorder();
        var gate = new SemaphoreSlim(settings.WatchOpenConcurrency);
        var watchers = new List<Task>(settings.IdleStreams);
        var openClock = Stopwatch.StartNew();
        for (var i = 0; i < settings.IdleStreams; i++)
        {
            if (!await gate.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken))
            {
                throw new TimeoutException($"streams stopped opening after {recorder.Opened}");
            }

            var task = created.Tasks[i % created.Tasks.Count];
            watchers.Add(recorder.WatchAsync(stack.Channels.Next(), stack.Channels.Auth, task.Id, i % created.Tasks.Count, gate, holding.Token));
        }

        for (var k = 0; k < settings.WatchOpenConcurrency; k++)
        {
            if (!await gate.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken))
            {
                throw new TimeoutException($"streams stopped opening after {recorder.Opened}");
            }
        }

        var openSeconds = openClock.Elapsed.TotalSeconds;
        await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
        var (withStreams, rssWith) = await IdleWindowAsync(stack, settings, $"idle, {recorder.Opened:#,0} streams open", cancellationToken);
        result.Cpu.Add(withStreams);

        await holding.CancelAsync();
        await Task.WhenAll(watchers).WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
        if (recorder.Opened == 0)
        {
            throw new InvalidOperationException($"no stream opened (errors: {string.Join(", ", recorder.Errors)})");
        }

        var streams = recorder.Opened;
        var perStreamKb = (rssWith.RssBytes - rssWithout.RssBytes) / 1024.0 / streams;
        var window = settings.IdleWindow.TotalSeconds;
        var cpuPerStream = (withStreams.ServerCpuSeconds - withoutStreams.ServerCpuSeconds) / withStreams.WallSeconds / streams;
        result.Add(new Measurement("idle streams held", streams, "streams", Note: $"over {created.Tasks.Count} tasks, opened in {openSeconds:0.0} s"));
        result.Add(new Measurement("server memory per idle stream", Round(perStreamKb), "KB", Target: "<= 20 KB", Met: perStreamKb <= 20,
            Note: $"RSS {Round(rssWithout.RssBytes / Mib)} -> {Round(rssWith.RssBytes / Mib)} MiB"));
        result.Add(new Measurement("server CPU per 1,000 idle streams", Round(Math.Max(0, cpuPerStream) * 1000 * 100), "% of a core",
            Note: $"server CPU {Round(withoutStreams.ServerCpuSeconds / window * 100)}% -> {Round(withStreams.ServerCpuSeconds / window * 100)}% of a core (10 ms tick resolution)"));
        result.Details["streams"] = streams;
        result.Details["tasks"] = created.Tasks.Count;
        result.Details["openSeconds"] = Math.Round(openSeconds, 2);
        result.Details["streamErrors"] = recorder.Errors;
        result.Details["serverRssWithoutMib"] = Round(rssWithout.RssBytes / Mib);
        result.Details["serverRssWithMib"] = Round(rssWith.RssBytes / Mib);
        result.Details["serverRssAnonWithoutMib"] = Round(rssWithout.RssAnonBytes / Mib);
        result.Details["serverRssAnonWithMib"] = Round(rssWith.RssAnonBytes / Mib);
        result.Details["serverThreadsWith"] = rssWith.Threads;
    }

    private static async Task<(CpuSplit Cpu, ProcSample Server)> IdleWindowAsync(
        BenchStack stack, BenchSettings settings, string phase, CancellationToken cancellationToken)
    {
        var meter = CpuMeter.Start(stack, phase);
        await Task.Delay(settings.IdleWindow, cancellationToken);
        var cpu = meter.Stop();
        return (cpu, stack.Server.Sample());
    }

    private static double Round(double value) => Math.Round(value, 2);
}
