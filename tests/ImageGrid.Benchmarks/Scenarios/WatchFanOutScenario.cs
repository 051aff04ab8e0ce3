using System.Collections.Concurrent;
using System.Diagnostics;
using Grpc.Core;
using ImageGrid.Benchmarks.Baselines;
using ImageGrid.Benchmarks.Infrastructure;
using ImageGrid.Benchmarks.Reporting;
using ImageGrid.Contracts.V1;
using TaskStatus = ImageGrid.Contracts.V1.TaskStatus;

namespace ImageGrid.Benchmarks.Scenarios;

/// <summary>
/// 2. Watch fan-out. T tasks with W WatchTask streams each (plus control groups: tasks with one watcher, one task with
/// many), and one WatchTasks account stream, held through each task's QUEUED → RUNNING → SUCCEEDED. Measures the
/// grain-to-watcher latency, the server's memory and the simulator's polls per task. Baseline: B tasks created
/// directly at the simulator, each polled by W HTTP clients on the same adaptive schedule, counting the polls.
/// </summary>
public sealed class WatchFanOutScenario : IScenario
{
    private const double Mib = 1024 * 1024;

    private const int CreateConcurrency = 128;

    public string Name => "watch";

    public string Title => "WatchTask fan-out (T tasks x W watchers) vs W HTTP pollers per task";

    // The account stream takes about four updates per task (SUBMITTING, QUEUED, RUNNING, SUCCEEDED), and the tasks turn
    // RUNNING within a second of each other: more than the default buffer of 1,000 behind a client that shares 2 cores
    // with 21,100 other streams, which ends the stream RESOURCE_EXHAUSTED as documented. Its latency is what is measured
    // here, so its buffer holds every update of the run.
    public StackOptions Stack(BenchSettings settings) => new(Name, settings.WatchQueued, settings.WatchRunning,
        [$"--Watch:AccountBufferCapacity={4 * (settings.WatchTasks + settings.SingleWatcherTasks + 1)}"]);

    public async Task RunAsync(BenchStack stack, BenchSettings settings, ScenarioResult result, CancellationToken cancellationToken)
    {
        int t = settings.WatchTasks, w = settings.WatchersPerTask, single = settings.SingleWatcherTasks, hot = settings.HotTaskWatchers;
        var queued = settings.WatchQueued;
        var life = settings.WatchQueued + settings.WatchRunning;
        var pollBound = Math.Floor(life / settings.PollInitialInterval) + 2;
        var slack = (2 * settings.PollMaxInterval) + TimeSpan.FromSeconds(5);
        result.Details["tasks"] = t;
        result.Details["watchersPerTask"] = w;
        result.Details["singleWatcherTasks"] = single;
        result.Details["hotTaskWatchers"] = hot;
        result.Details["simulatedQueuedSeconds"] = queued.TotalSeconds;
        result.Details["simulatedRunningSeconds"] = settings.WatchRunning.TotalSeconds;

        using var watching = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var account = new AccountStream();
        var accountTask = account.RunAsync(stack, watching.Token);

        // The tasks: the main group, the single-watcher group, the hot task.
        var total = t + single + 1;
        // Created as fast as the server takes them: every task's transitions follow its create by the same simulated
        // durations, so the tighter the creates, the more the transitions coincide (the report says how closely).
        var created = await Load.CreateManyAsync(stack, total, CreateConcurrency, "Benchmark watch: a quiet harbour at night", queued / 2, cancellationToken);
        if (created.Tasks.Count < total)
        {
            throw new InvalidOperationException($"created {created.Tasks.Count} of {total} tasks within {queued / 2}; lower WatchTasks or raise WatchQueued");
        }

        var tasks = created.Tasks;
        result.Details["createSeconds"] = Math.Round(created.Seconds, 2);
        var plan = Enumerable.Range(0, t).Select(i => (Index: i, Watchers: w))
            .Concat(Enumerable.Range(t, single).Select(i => (Index: i, Watchers: 1)))
            .Append((Index: t + single, Watchers: hot))
            .ToList();
        var streams = plan.Sum(p => p.Watchers);

        var rssBefore = stack.Server.Sample();
        var meter = CpuMeter.Start(stack, "ImageGrid: open streams, hold them through the transitions");
        var statsBefore = await stack.SimulatorClient.GetStatsAsync(cancellationToken);
        var recorder = new WatchRecorder();
        List<Task> watchers;
        ProcSample rssOpen;
        await using (var peak = new RssPeakSampler(stack.Server))
        {
            var opened = await WatchOpening.OpenAsync(recorder, stack.Channels, plan, index => tasks[index].Id, settings.WatchOpenConcurrency,
                DateTime.UtcNow + life, watching.Token, cancellationToken);
            watchers = opened.Watchers;
            var openTimedOut = opened.TimedOut;
            result.Details["openTimedOut"] = openTimedOut;

            var openSeconds = opened.Seconds;
            rssOpen = stack.Server.Sample();
            var firstTransition = tasks.Min(x => x.AnsweredAtUtc) + queued;
            result.Details["openSeconds"] = Math.Round(openSeconds, 2);
            result.Details["openedBeforeFirstTransition"] = DateTime.UtcNow < firstTransition;
            Console.WriteLine($"    {recorder.Opened} of {streams} streams open in {openSeconds:0.0} s; waiting for the transitions");

            var deadline = tasks.Max(x => x.AnsweredAtUtc) + life + slack;
            try
            {
                await Task.WhenAll(watchers).WaitAsync(Max(deadline - DateTime.UtcNow, TimeSpan.FromSeconds(1)), cancellationToken);
            }
            catch (TimeoutException)
            {
                await watching.CancelAsync();
                await Task.WhenAll(watchers);
            }

            result.Details["serverRssPeakMib"] = Math.Round(peak.PeakBytes / Mib, 1);
        }

        var imageGridCpu = meter.Stop();
        result.Cpu.Add(imageGridCpu);
        var statsAfter = await stack.SimulatorClient.GetStatsAsync(cancellationToken);
        await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken);
        await watching.CancelAsync();
        await accountTask;

        // Upstream polls per task, from the simulator's own counters.
        var polls = new int[tasks.Count];
        await Load.ForEachAsync(Enumerable.Range(0, tasks.Count), 16, cancellationToken, async (i, token) =>
            polls[i] = (await stack.SimulatorClient.FindByClientRequestIdAsync(tasks[i].Id, token))?.Polls ?? -1);
        var mainPolls = polls[..t];
        var singlePolls = polls[t..(t + single)];
        var hotPolls = polls[t + single];

        // Rivya's own transition times (created_at + phase durations), read after the polls were counted.
        var rivyaCreated = new DateTime[tasks.Count];
        await Load.ForEachAsync(Enumerable.Range(0, tasks.Count), 16, cancellationToken, async (i, token) =>
            rivyaCreated[i] = (await stack.SimulatorClient.GetTaskAsync(tasks[i].RivyaTaskId, token, stack.ServerRivyaKey)).CreatedAtUtc);
        var endToEnd = new LatencySamples();
        endToEnd.AddRange(recorder.Receipts.Select(r => (r.ReceivedAtUtc - TransitionAt(rivyaCreated[r.TaskIndex], r.Status, settings)).TotalMilliseconds));

        // The floor: a bare gRPC server holding the same streams and writing the same messages, pre-serialized: all at
        // once (the burst as the issue states it), then at the times ImageGrid's grains recorded them (the same spread).
        var logDirectory = Path.GetDirectoryName(stack.Server.LogPath)!;
        var bare = await BareWatchBaseline.RunAsync(settings, plan, recorder.Samples, null, logDirectory, cancellationToken);
        result.Cpu.Add(bare.Cpu);
        var replay = await BareWatchBaseline.RunAsync(settings, plan, recorder.Samples, BareWatchBaseline.OffsetsOf(recorder), logDirectory, cancellationToken);
        result.Cpu.Add(replay.Cpu);

        var baseline = await RunBaselineAsync(stack, settings, result, cancellationToken);

        // Report.
        var burst = BurstStats.Of(recorder, t);
        var bareBurst = BurstStats.Of(bare.Recorder, t);
        var replayBurst = BurstStats.Of(replay.Recorder, t);
        var grainToWatcher = recorder.GrainToWatcher.Summarize();
        var e2e = endToEnd.Summarize();
        var perStreamKb = recorder.Opened == 0 ? 0 : (rssOpen.RssBytes - rssBefore.RssBytes) / 1024.0 / recorder.Opened;
        result.Add(new Measurement("WatchTask streams held", recorder.Opened, "streams", Target: ">= 20,000", Met: recorder.Opened >= 20_000,
            Note: $"{t}x{w} + {single}x1 + 1x{hot}; opened in {result.Details["openSeconds"]} s"));
        result.Add(new Measurement($"burst {t}x{w}: transition -> watcher p50", Round(burst.Latency.P50), "ms", Round(bareBurst.Latency.P50),
            Note: "baseline: a bare gRPC server writing the same burst pre-serialized, at once, to the same streams"));
        result.Add(new Measurement($"burst {t}x{w}: transition -> watcher p99", Round(burst.Latency.P99), "ms", Round(bareBurst.Latency.P99),
            Target: "<= 50 ms", Met: burst.Latency.P99 <= 50,
            Note: $"{burst.Latency.Count} updates, max {Round(burst.Latency.Max)} ms; bare server {bareBurst.Latency.Count} updates, max {Round(bareBurst.Latency.Max)} ms"));
        result.Add(new Measurement($"burst {t}x{w}: p99 vs the bare server at the same times", Round(burst.Latency.P99), "ms", Round(replayBurst.Latency.P99),
            Note: $"baseline: the bare server writing each message when ImageGrid's grain recorded it (p50 {Round(replayBurst.Latency.P50)} ms)"));
        result.Add(new Measurement($"burst {t}x{w}: 90% of the task grains' transitions within", Round(burst.Running.Window90Ms), "ms",
            Note: $"RUNNING: 90% within {Round(burst.Running.Window90Ms)} ms, all within {Round(burst.Running.AllMs)} ms, busiest 100 ms {burst.Running.Busiest100Ms} tasks; " +
                  $"SUCCEEDED: {Round(burst.Succeeded.Window90Ms)} / {Round(burst.Succeeded.AllMs)} ms, busiest 100 ms {burst.Succeeded.Busiest100Ms}; bare server: at once"));
        result.Add(new Measurement("transition -> watcher p50 (every stream)", Round(grainToWatcher.P50), "ms"));
        result.Add(new Measurement("transition -> watcher p99 (every stream)", Round(grainToWatcher.P99), "ms",
            Note: $"{grainToWatcher.Count} updates, max {Round(grainToWatcher.Max)} ms"));
        // Mean, not p50: where the transition falls between two polls makes this distribution bimodal.
        result.Add(new Measurement("Rivya change -> client mean", Round(e2e.Mean), "ms", Round(baseline.Staleness.Mean),
            Note: "includes the wait for the next poll; baseline: W direct pollers on the same schedule"));
        result.Add(new Measurement("Rivya change -> client p99", Round(e2e.P99), "ms", Round(baseline.Staleness.P99)));
        result.Add(new Measurement($"upstream polls per task ({w} watchers)", Round(mainPolls.Average()), "polls", Round(baseline.PollsPerTask.Average()),
            $"<= {pollBound} (life {life.TotalSeconds:0} s / {settings.PollInitialInterval.TotalSeconds:0.#} s + 2)", mainPolls.Max() <= pollBound,
            Note: $"max {mainPolls.Max()}; baseline max {baseline.PollsPerTask.DefaultIfEmpty().Max()}"));
        result.Add(new Measurement("upstream polls per task (1 watcher)", Round(singlePolls.DefaultIfEmpty().Average()), "polls",
            Target: $"same as with {w}", Met: singlePolls.Length == 0 || Math.Abs(singlePolls.Average() - mainPolls.Average()) <= 1));
        result.Add(new Measurement($"upstream polls for the task with {hot} watchers", hotPolls, "polls", Target: $"<= {pollBound}", Met: hotPolls <= pollBound));
        result.Add(new Measurement("server RSS with all streams open", Round(rssOpen.RssBytes / Mib), "MiB", Note: $"before the streams {Round(rssBefore.RssBytes / Mib)} MiB"));
        result.Add(new Measurement("server memory per open stream", Round(perStreamKb), "KB", Target: "<= 20 KB", Met: perStreamKb <= 20));
        result.Add(new Measurement("WatchTasks account stream p99", Round(account.Latency.Summarize().P99), "ms",
            Note: $"{account.Latency.Count} transitions received; ended: {account.Ended ?? "by the harness"}"));

        result.Details["grainToWatcherMs"] = grainToWatcher;
        result.Details["burstGrainToWatcherMs"] = burst.Latency;
        result.Details["burstRunningTransitions"] = burst.Running;
        result.Details["burstSucceededTransitions"] = burst.Succeeded;
        result.Details["bareBurstMs"] = bareBurst.Latency;
        result.Details["bareEveryStreamMs"] = bare.Recorder.GrainToWatcher.Summarize();
        result.Details["bareStreamsOpened"] = bare.Recorder.Opened;
        result.Details["bareStreamsCompleted"] = bare.Recorder.Completed;
        result.Details["bareStreamErrors"] = bare.Recorder.Errors;
        result.Details["bareOpenSeconds"] = bare.OpenSeconds;
        result.Details["barePublications"] = bare.Publications;
        result.Details["bareReplayBurstMs"] = replayBurst.Latency;
        result.Details["bareReplayRunningTransitions"] = replayBurst.Running;
        result.Details["bareReplaySucceededTransitions"] = replayBurst.Succeeded;
        result.Details["bareReplayStreamErrors"] = replay.Recorder.Errors;
        result.Details["bareReplayPublications"] = replay.Publications;
        result.Details["rivyaToWatcherMs"] = e2e;
        result.Details["accountStreamMs"] = account.Latency.Summarize();
        result.Details["streamsOpened"] = recorder.Opened;
        result.Details["streamsOpenedAfterFirstTransition"] = recorder.OpenedLate;
        result.Details["streamsCompleted"] = recorder.Completed;
        result.Details["streamErrors"] = recorder.Errors;
        result.Details["pollsPerTaskMain"] = Spread(mainPolls);
        result.Details["pollsPerTaskSingleWatcher"] = Spread(singlePolls);
        result.Details["pollsHotTask"] = hotPolls;
        result.Details["pollBound"] = pollBound;
        result.Details["upstreamPollsDuringWatch"] = statsAfter.PollRequests - statsBefore.PollRequests;
        result.Details["serverRssBeforeStreamsMib"] = Round(rssBefore.RssBytes / Mib);
        result.Details["serverRssStreamsOpenMib"] = Round(rssOpen.RssBytes / Mib);
        result.Details["serverThreadsStreamsOpen"] = rssOpen.Threads;

        if (recorder.Opened == 0 || grainToWatcher.Count == 0)
        {
            throw new InvalidOperationException($"no watch stream saw a transition (opened {recorder.Opened}; errors {string.Join(", ", recorder.Errors)})");
        }
    }

    /// <summary>W direct HTTP pollers per task on the server's adaptive schedule; the simulator counts their calls.</summary>
    private static async Task<BaselineResult> RunBaselineAsync(BenchStack stack, BenchSettings settings, ScenarioResult result, CancellationToken cancellationToken)
    {
        var meter = CpuMeter.Start(stack, "baseline: W direct HTTP pollers per task");
        var ids = new ConcurrentBag<(string Id, DateTime CreatedAt)>();
        await Load.ForEachAsync(Enumerable.Range(0, settings.BaselineTasks), 16, cancellationToken, async (_, token) =>
        {
            var body = SimulatorClient.CreateBody("Benchmark watch baseline: a quiet harbour at night", "bench-" + Guid.NewGuid().ToString("N"));
            ids.Add((await stack.SimulatorClient.CreateTaskAsync(body, token), DateTime.UtcNow));
        });

        var staleness = new LatencySamples();
        var errors = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        var life = settings.WatchQueued + settings.WatchRunning;
        var deadline = ids.Max(x => x.CreatedAt) + life + (2 * settings.PollMaxInterval) + TimeSpan.FromSeconds(5);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        stop.CancelAfter(Max(deadline - DateTime.UtcNow, TimeSpan.FromSeconds(1)));
        var pollers = ids.SelectMany(task => Enumerable.Range(0, settings.WatchersPerTask)
            .Select(_ => PollAsync(stack.SimulatorClient, task.Id, settings, staleness, errors, stop.Token))).ToList();
        await Task.WhenAll(pollers);
        var split = meter.Stop();
        result.Cpu.Add(split);

        var polls = new List<int>();
        foreach (var (id, _) in ids)
        {
            polls.Add((await stack.SimulatorClient.FindAsync(id, cancellationToken))?.Polls ?? -1);
        }

        result.Details["baselineTasks"] = ids.Count;
        result.Details["baselinePollsPerTask"] = Spread([.. polls]);
        result.Details["baselineStalenessMs"] = staleness.Summarize();
        result.Details["baselineErrors"] = errors;
        return new BaselineResult(polls, staleness.Summarize());
    }

    /// <summary>One direct client: polls like ImageGrid's schedule (initial interval, grown while nothing changes) until terminal.</summary>
    private static async Task PollAsync(SimulatorClient simulator, string id, BenchSettings settings, LatencySamples staleness,
        ConcurrentDictionary<string, long> errors, CancellationToken cancellationToken)
    {
        var delay = settings.PollInitialInterval;
        var last = "queued";
        try
        {
            for (var n = 0; n < 10_000; n++)
            {
                await Task.Delay(delay, cancellationToken);
                RivyaTaskTimes task;
                try
                {
                    task = await simulator.GetTaskAsync(id, cancellationToken);
                }
                catch (HttpRequestException e)
                {
                    errors.AddOrUpdate(Load.ErrorKind(e), 1, (_, c) => c + 1);
                    continue;
                }

                if (task.Status != last)
                {
                    staleness.Add((DateTime.UtcNow - task.UpdatedAtUtc).TotalMilliseconds);
                    last = task.Status;
                    delay = settings.PollInitialInterval;
                }
                else
                {
                    delay = TimeSpan.FromTicks(Math.Min((long)(delay.Ticks * settings.PollGrowthFactor), settings.PollMaxInterval.Ticks));
                }

                if (last is "succeeded" or "failed")
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private static DateTime TransitionAt(DateTime rivyaCreated, TaskStatus status, BenchSettings settings) => status switch
    {
        TaskStatus.Running => rivyaCreated + settings.WatchQueued,
        _ => rivyaCreated + settings.WatchQueued + settings.WatchRunning,
    };

    private static object Spread(int[] values) => values.Length == 0
        ? new { count = 0 }
        : new { count = values.Length, min = values.Min(), mean = Round(values.Average()), max = values.Max() };

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static double Round(double value) => Math.Round(value, 2);

    private sealed record BaselineResult(IReadOnlyList<int> PollsPerTask, LatencySummary Staleness);

    /// <summary>The one WatchTasks stream of the demo account: latency of every live RUNNING / terminal update.</summary>
    private sealed class AccountStream
    {
        public LatencySamples Latency { get; } = new();

        public string? Ended { get; private set; }

        public async Task RunAsync(BenchStack stack, CancellationToken cancellationToken)
        {
            try
            {
                using var call = stack.Channels.Next().WatchTasks(new WatchTasksRequest(), stack.Channels.Auth, cancellationToken: cancellationToken);
                await foreach (var update in call.ResponseStream.ReadAllAsync(cancellationToken))
                {
                    if (update.Task.Status is TaskStatus.Running or TaskStatus.Succeeded or TaskStatus.Failed)
                    {
                        Latency.Add((DateTime.UtcNow - update.Task.UpdatedAt.ToDateTime()).TotalMilliseconds);
                    }
                }

                Ended = "OK";
            }
            catch (RpcException e) when (!cancellationToken.IsCancellationRequested)
            {
                Ended = e.StatusCode.ToString();
            }
            catch (RpcException)
            {
            }
            catch (OperationCanceledException)
            {
            }
        }
    }
}
