using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using ImageGrid.Benchmarks.Infrastructure;
using ImageGrid.Benchmarks.Reporting;
using TaskStatus = ImageGrid.Contracts.V1.TaskStatus;

namespace ImageGrid.Benchmarks.Scenarios;

/// <summary>
/// 5. Against Rivya's rate limit. The simulator keeps its default per-key limit and draws each task's durations
/// (log-normal, seeded); C callers send N CreateImage calls to one server and every task is watched from its create to
/// its result. Counted at Rivya's side from the simulator's stats: the busiest second, the 429s, the polls. Detection
/// latency: from the simulator's transition (its task timeline) to the watcher receiving it. With two silos, they form
/// one cluster on Azure Storage (Azurite) and the callers spread their creates and watches over both.
/// </summary>
public sealed class LimitScenario(int silos = 1) : IScenario
{
    private const string Prompt = "Benchmark limit: a lighthouse keeper's desk by lamplight";

    public string Name => silos == 1 ? "limit" : $"limit-{silos}silos";

    public string Title => silos == 1
        ? "N creates against Rivya's default rate limit, durations drawn"
        : $"The same from {silos} silos sharing one Rivya key, on Azure Storage";

    public StackOptions Stack(BenchSettings settings) => new(
        Name,
        settings.LimitQueuedMedian,
        settings.LimitRunningMedian,
        settings.LimitServerArguments,
        [
            $"--Simulator:RateLimitPermitsPerSecond={settings.LimitPermitsPerSecond}",
            $"--Simulator:RateLimitBurst={settings.LimitBurst}",
            $"--Simulator:Seed={settings.LimitSeed}",
            $"--Simulator:Durations:1K:Spread={settings.LimitSpread.ToString(CultureInfo.InvariantCulture)}",
        ],
        silos);

    public async Task RunAsync(BenchStack stack, BenchSettings settings, ScenarioResult result, CancellationToken cancellationToken)
    {
        using var watching = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var recorder = new WatchRecorder();
        var watched = new ConcurrentDictionary<int, CreatedTask>();
        var watchers = new ConcurrentBag<Task>();
        using var opened = new SemaphoreSlim(0);
        var next = -1;

        await WarmUpAsync(stack, settings, cancellationToken);
        var statsBefore = await stack.SimulatorClient.GetStatsAsync(cancellationToken);
        var meter = CpuMeter.Start(stack, $"{settings.LimitTasks:#,0} creates at {settings.LimitConcurrency} in flight, then their results");
        var startedAt = DateTime.UtcNow;
        var fill = await Load.CreateManyAsync(stack, settings.LimitTasks, settings.LimitConcurrency, Prompt, settings.LimitCreateBudget, cancellationToken,
            onCreated: task =>
            {
                var index = Interlocked.Increment(ref next);
                watched[index] = task;
                watchers.Add(recorder.WatchAsync(stack.Channels.Next(), stack.Channels.Auth, task.Id, index, opened, watching.Token));
            });
        if (fill.Tasks.Count == 0)
        {
            throw new InvalidOperationException($"no task was created (errors: {string.Join(", ", fill.Errors)})");
        }

        Console.WriteLine($"    {fill.Tasks.Count:#,0} tasks created in {fill.Seconds:0.0} s; waiting for their results");
        try
        {
            await Task.WhenAll(watchers).WaitAsync(settings.LimitResultsBudget, cancellationToken);
        }
        catch (TimeoutException)
        {
            await watching.CancelAsync();
            await Task.WhenAll(watchers);
        }

        result.Cpu.Add(meter.Stop());
        var statsAfter = await stack.SimulatorClient.GetStatsAsync(cancellationToken);
        stack.ThrowIfExited();

        // The simulator's timeline of every task: when it was created, started running and finished.
        var timelines = new ConcurrentDictionary<int, SimulatedTaskInfo>();
        await Load.ForEachAsync(watched, 16, cancellationToken, async (pair, token) =>
        {
            if (await stack.SimulatorClient.FindByClientRequestIdAsync(pair.Value.Id, token) is { } info)
            {
                timelines[pair.Key] = info;
            }
        });

        var receipts = recorder.Receipts.ToList();
        var results = receipts.Where(r => r.Status is TaskStatus.Succeeded or TaskStatus.Failed).GroupBy(r => r.TaskIndex).ToList();
        var lastResult = results.Count == 0 ? double.NaN : (results.Max(g => g.Min(r => r.ReceivedAtUtc)) - startedAt).TotalSeconds;
        var detection = new LatencySamples();
        detection.AddRange(receipts
            .Where(r => timelines.ContainsKey(r.TaskIndex))
            .Select(r => (Receipt: r, At: TransitionAt(timelines[r.TaskIndex], r.Status)))
            .Where(x => x.At is not null)
            .Select(x => (x.Receipt.ReceivedAtUtc - x.At!.Value).TotalMilliseconds));
        var latency = detection.Summarize();

        var lives = timelines.Values.Select(t => (t.FinishedAt - t.CreatedAt).TotalSeconds).DefaultIfEmpty(0).ToList();
        var createsIdeal = (double)fill.Tasks.Count / settings.LimitPermitsPerSecond;
        var ideal = createsIdeal + lives.Max() + settings.PollMaxInterval.TotalSeconds;
        var served = statsAfter.CreateRequests + statsAfter.PollRequests + statsAfter.UploadRequests
            - statsBefore.CreateRequests - statsBefore.PollRequests - statsBefore.UploadRequests;
        var refused = statsAfter.RateLimitedRequests - statsBefore.RateLimitedRequests;
        var polls = statsAfter.PollRequests - statsBefore.PollRequests;
        var cap = (settings.LimitServerArguments.Count == 0 ? "no cap in the server" : string.Join(" ", settings.LimitServerArguments))
            + (silos == 1 ? "" : $", shared by {silos} silos");
        var limit = $"{settings.LimitPermitsPerSecond}/s, burst {settings.LimitBurst}";

        result.Add(new Measurement("Rivya requests in the busiest second (served)", statsAfter.BusiestSecond?.Requests ?? 0, "requests",
            Note: $"limit {limit}; {cap}"));
        result.Add(new Measurement("Rivya requests in the busiest second (sent, incl. refused)", statsAfter.BusiestSecondWithRefused?.Requests ?? 0, "requests"));
        result.Add(new Measurement("429 rate_limited received", refused, "requests", Target: "0 with the cap at its default", Met: refused == 0,
            Note: $"{Percent(refused, refused + served)} of {refused + served:#,0} requests sent"));
        var allowed = Math.Min(CapOf(settings) ?? double.MaxValue, settings.LimitPermitsPerSecond);
        result.Add(new Measurement("creates", fill.PerSecond, "creates/s", Target: $">= 90% of {allowed:0.#}/s (the cap, or Rivya's limit below it)",
            Met: fill.PerSecond >= 0.9 * allowed, Note: $"{fill.Tasks.Count:#,0} in {fill.Seconds:0.0} s"));
        result.Add(new Measurement("time to the last result", Round(lastResult), "s", Round(ideal), "<= 1.2x the limit-bound ideal",
            lastResult <= 1.2 * ideal,
            Note: $"baseline column: ideal = {fill.Tasks.Count:#,0} creates / {settings.LimitPermitsPerSecond}/s ({createsIdeal:0.0} s) + the slowest task's drawn life ({lives.Max():0.0} s) + one poll interval ({settings.PollMaxInterval.TotalSeconds:0} s); {results.Count:#,0} of {fill.Tasks.Count:#,0} results seen"));
        result.Add(new Measurement("polls per task", Round((double)polls / fill.Tasks.Count), "polls",
            Note: "polls Rivya served; the refused ones are in the 429s"));
        result.Add(new Measurement("detection latency p50", Round(latency.P50), "ms",
            Note: $"simulator's transition (running, succeeded) -> watcher; {(settings.LimitServerArguments.Contains("--Polling:LearnDurations=false") ? "the fixed poll ramp" : "the learned schedule")}"));
        result.Add(new Measurement("detection latency p99", Round(latency.P99), "ms", Note: $"{latency.Count:#,0} transitions, max {Round(latency.Max)} ms"));

        result.Details["silos"] = silos;
        result.Details["warmupTasks"] = settings.LimitWarmupTasks;
        result.Details["tasks"] = fill.Tasks.Count;
        result.Details["concurrency"] = settings.LimitConcurrency;
        result.Details["rateLimit"] = limit;
        result.Details["serverArguments"] = settings.LimitServerArguments;
        result.Details["durations"] = $"log-normal, queued median {settings.LimitQueuedMedian.TotalSeconds} s, running median {settings.LimitRunningMedian.TotalSeconds} s, sigma {settings.LimitSpread}, seed {settings.LimitSeed}";
        result.Details["drawnQueuedSeconds"] = Summary(timelines.Values.Select(t => (t.RunningAt - t.CreatedAt).TotalSeconds));
        result.Details["drawnRunningSeconds"] = Summary(timelines.Values.Select(t => (t.FinishedAt - t.RunningAt).TotalSeconds));
        result.Details["createSeconds"] = Round(fill.Seconds);
        result.Details["createErrors"] = fill.Errors;
        result.Details["idealSeconds"] = Round(ideal);
        result.Details["idealInCreateOrderSeconds"] = Round(IdealInCreateOrder(timelines.Values, settings));
        result.Details["resultsSeen"] = results.Count;
        result.Details["streamErrors"] = recorder.Errors;
        result.Details["busiestSecond"] = statsAfter.BusiestSecond;
        result.Details["busiestSecondWithRefused"] = statsAfter.BusiestSecondWithRefused;
        result.Details["rivyaRequestsServed"] = served;
        result.Details["rivyaPolls"] = polls;
        result.Details["rivyaCreateRequests"] = statsAfter.CreateRequests - statsBefore.CreateRequests;
        result.Details["detectionLatencyMs"] = latency;
        result.Details["serverLogLinesRateLimited"] = stack.Servers.Sum(server => CountLines(server.LogPath, "rate_limited"));
    }

    /// <summary>Runs <see cref="BenchSettings.LimitWarmupTasks"/> tasks to their end, unmeasured.</summary>
    private static async Task WarmUpAsync(BenchStack stack, BenchSettings settings, CancellationToken cancellationToken)
    {
        if (settings.LimitWarmupTasks <= 0)
        {
            return;
        }

        var warm = await Load.CreateManyAsync(stack, settings.LimitWarmupTasks, settings.LimitConcurrency, Prompt + " (warm-up)", settings.LimitCreateBudget, cancellationToken);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(settings.LimitResultsBudget);
        await Load.ForEachAsync(warm.Tasks, 16, deadline.Token, async (task, token) =>
        {
            while (true)
            {
                var current = await stack.Channels.Next().GetTaskAsync(
                    new Contracts.V1.GetTaskRequest { TaskId = task.Id }, stack.Channels.Auth, cancellationToken: token);
                if (current.Status is TaskStatus.Succeeded or TaskStatus.Failed)
                {
                    return;
                }

                await Task.Delay(TimeSpan.FromSeconds(1), token);
            }
        });
        Console.WriteLine($"    warm-up: {warm.Tasks.Count:#,0} tasks ran to their end");
    }

    /// <summary>
    /// A tighter ideal than the reported one, for reference: the k-th task (in the simulator's create order) created at
    /// k / rate, each finishing after its own drawn life, plus one poll interval.
    /// </summary>
    private static double IdealInCreateOrder(IEnumerable<SimulatedTaskInfo> tasks, BenchSettings settings) =>
        tasks.OrderBy(t => t.CreatedAt)
            .Select((t, k) => ((double)(k + 1) / settings.LimitPermitsPerSecond) + (t.FinishedAt - t.CreatedAt).TotalSeconds)
            .DefaultIfEmpty(0)
            .Max() + settings.PollMaxInterval.TotalSeconds;

    /// <summary>When the simulator made the change a receipt reports; null for statuses the simulator does not time.</summary>
    private static DateTime? TransitionAt(SimulatedTaskInfo task, TaskStatus status) => status switch
    {
        TaskStatus.Running => task.RunningAt.UtcDateTime,
        TaskStatus.Succeeded or TaskStatus.Failed => task.FinishedAt.UtcDateTime,
        _ => null,
    };

    private static LatencySummary Summary(IEnumerable<double> seconds)
    {
        var samples = new LatencySamples();
        samples.AddRange(seconds);
        return samples.Summarize();
    }

    private static long CountLines(string path, string text)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            long count = 0;
            while (reader.ReadLine() is { } line)
            {
                count += line.Contains(text, StringComparison.Ordinal) ? 1 : 0;
            }

            return count;
        }
        catch (IOException)
        {
            return -1;
        }
    }

    private static string Percent(long part, long whole) => whole == 0 ? "0%" : (100.0 * part / whole).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    private static double Round(double value) => Math.Round(value, 2);

    /// <summary>The server's Rivya:RequestsPerSecond among the scenario's server settings, if it sets one.</summary>
    private static double? CapOf(BenchSettings settings) =>
        settings.LimitServerArguments
            .Where(argument => argument.StartsWith("--Rivya:RequestsPerSecond=", StringComparison.Ordinal))
            .Select(argument => (double?)double.Parse(argument[(argument.IndexOf('=', StringComparison.Ordinal) + 1)..], CultureInfo.InvariantCulture))
            .LastOrDefault();
}
