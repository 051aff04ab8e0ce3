using ImageGrid.Benchmarks.Infrastructure;
using ImageGrid.Benchmarks.Reporting;

namespace ImageGrid.Benchmarks.Scenarios;

/// <summary>
/// 3. Many tasks in flight. Creates up to N tasks that the simulator keeps queued for hours, as fast as C callers can
/// within a time budget, then measures the server's memory growth per task, the polls per second it sends to Rivya
/// against what its schedule demands for those tasks, and how far a sample of tasks has slipped behind the schedule.
/// On Azure Storage (one silo, Azurite on loopback) it measures production's mode; the targets are the memory mode's.
/// </summary>
public sealed class InFlightScenario(bool azureStorage = false) : IScenario
{
    private const double Mib = 1024 * 1024;
    private const string Prompt = "Benchmark in flight: a field of sunflowers under a storm sky";
    private static readonly double DefaultCap = new ImageGrid.Rivya.RivyaOptions().RequestsPerSecond;

    public string Name => azureStorage ? "inflight-azure" : "inflight";

    public string Title => azureStorage
        ? "The same, one silo on Azure Storage (Azurite on loopback): production's mode"
        : "Many tasks in flight, polled on the default schedule";

    private readonly string _managementUrl = $"http://127.0.0.1:{FreePort.Next()}";

    public StackOptions Stack(BenchSettings settings) => new(Name, TimeSpan.FromHours(2), TimeSpan.FromHours(1),
        [
            $"--Rivya:RequestsPerSecond={settings.InFlightRivyaCap}",
            $"--Rivya:Burst={settings.InFlightRivyaCap}",
            $"--Management:Url={_managementUrl}",
        ],
        [
            $"--Simulator:RateLimitPermitsPerSecond={settings.InFlightRivyaCap}",
            $"--Simulator:RateLimitBurst={2 * settings.InFlightRivyaCap}",
        ],
        AzureStorage: azureStorage);

    public async Task RunAsync(BenchStack stack, BenchSettings settings, ScenarioResult result, CancellationToken cancellationToken)
    {
        using var management = new HttpClient { BaseAddress = new Uri(_managementUrl + "/"), Timeout = TimeSpan.FromSeconds(30) };

        // Warm-up (JIT, connections, the account's grains), then the baseline memory, both right after a full collection.
        var warm = await Load.CreateManyAsync(stack, Math.Clamp(settings.InFlightTasks / 10, 1, 200), 16, Prompt, TimeSpan.FromSeconds(20), cancellationToken);
        await Task.Delay(settings.InFlightSettle, cancellationToken);
        var heapBefore = await ManagedHeap.LiveBytesAfterFullCollectionAsync(stack.Server.Pid, management, cancellationToken);
        var serverBefore = stack.Server.Sample();
        var simulatorBefore = stack.Simulator.Sample();

        var fillMeter = CpuMeter.Start(stack, "fill: create the tasks (their polling runs meanwhile)");
        var fill = await Load.CreateManyAsync(stack, settings.InFlightTasks, settings.InFlightConcurrency, Prompt, settings.InFlightCreateBudget, cancellationToken,
            n => Console.WriteLine($"    {n:#,0} tasks created"));
        result.Cpu.Add(fillMeter.Stop());
        stack.ThrowIfExited();
        if (fill.Tasks.Count == 0)
        {
            throw new InvalidOperationException($"no task was created (errors: {string.Join(", ", fill.Errors)})");
        }

        await Task.Delay(settings.InFlightSettle, cancellationToken);
        var heapAfter = await ManagedHeap.LiveBytesAfterFullCollectionAsync(stack.Server.Pid, management, cancellationToken);
        var serverAfter = stack.Server.Sample();
        var simulatorAfter = stack.Simulator.Sample();
        var inFlight = warm.Tasks.Concat(fill.Tasks).ToList();

        // Under the cap a task can get no more than its share of the polls: the schedule's longest interval stretched to it.
        var sharedInterval = TimeSpan.FromSeconds(Math.Max(settings.PollMaxInterval.TotalSeconds, (double)inFlight.Count / settings.InFlightRivyaCap));
        var model = new PollScheduleModel(settings.PollInitialInterval, sharedInterval, settings.PollGrowthFactor, TimeSpan.FromMinutes(30));

        // Steady state: polls per second against what the schedule demands for these tasks' ages.
        var windowMeter = CpuMeter.Start(stack, $"steady: {inFlight.Count:#,0} tasks in flight, polling");
        var statsStart = await stack.SimulatorClient.GetStatsAsync(cancellationToken);
        var windowStart = DateTime.UtcNow;
        await Task.Delay(settings.InFlightWindow, cancellationToken);
        var statsEnd = await stack.SimulatorClient.GetStatsAsync(cancellationToken);
        var windowEnd = DateTime.UtcNow;
        result.Cpu.Add(windowMeter.Stop());

        var windowSeconds = (windowEnd - windowStart).TotalSeconds;
        var polled = statsEnd.PollRequests - statsStart.PollRequests;
        var demanded = inFlight.Sum(task =>
            model.DueBy((windowEnd - task.AnsweredAtUtc).TotalSeconds) - model.DueBy((windowStart - task.AnsweredAtUtc).TotalSeconds));
        var pollsPerSecond = polled / windowSeconds;
        var demandedPerSecond = demanded / windowSeconds;

        // A random sample: how far behind its schedule each task is (0 when its next poll is not due yet).
        var random = new Random(42);
        var sample = inFlight.OrderBy(_ => random.Next()).Take(settings.InFlightSample).ToList();
        var slips = new LatencySamples();
        var behind = 0;
        await Load.ForEachAsync(sample, 16, cancellationToken, async (task, token) =>
        {
            var info = await stack.SimulatorClient.FindByClientRequestIdAsync(task.Id, token);
            var age = (DateTime.UtcNow - task.AnsweredAtUtc).TotalSeconds;
            var slip = model.SlipSeconds(info?.Polls ?? 0, age);
            if (slip > 0)
            {
                Interlocked.Increment(ref behind);
            }

            slips.Add(slip * 1000);
        });
        var slip = slips.Summarize();

        var grown = serverAfter.RssBytes - serverBefore.RssBytes;
        var perTaskKb = grown / 1024.0 / fill.Tasks.Count;
        var heapPerTaskKb = (heapAfter - heapBefore) / 1024.0 / fill.Tasks.Count;
        var reachedTarget = inFlight.Count >= settings.InFlightTasks;
        var why = reachedTarget
            ? "target count reached"
            : $"stopped by the {settings.InFlightCreateBudget.TotalSeconds:0} s create budget at {fill.PerSecond:0} creates/s";
        result.Add(new Measurement("tasks in flight", inFlight.Count, "tasks", Target: ">= 100,000", Met: inFlight.Count >= 100_000, Note: why));
        result.Add(new Measurement("create rate while filling", fill.PerSecond, "creates/s", Note: Deciles(fill.Tasks)));
        result.Add(new Measurement("server memory per task in flight", Round(perTaskKb), "KB", Target: "<= 10 KB", Met: perTaskKb <= 10,
            Note: $"RSS {Round(serverBefore.RssBytes / Mib)} -> {Round(serverAfter.RssBytes / Mib)} MiB for {fill.Tasks.Count:#,0} tasks, each read after a full collection"));
        result.Add(new Measurement("server managed heap per task in flight", Round(heapPerTaskKb), "KB", Target: "<= 10 KB", Met: heapPerTaskKb <= 10,
            Note: $"live after a full collection: {Round(heapBefore / Mib)} -> {Round(heapAfter / Mib)} MiB"));
        // No more polls than the cap lets through can be asked: young tasks' ramp may demand more than their share.
        var servable = Math.Min(demandedPerSecond, settings.InFlightRivyaCap);
        result.Add(new Measurement("polls/s toward Rivya", Round(pollsPerSecond), "polls/s",
            Target: $"schedule demands {demandedPerSecond:0}/s, the cap lets {servable:0}/s", Met: pollsPerSecond >= 0.95 * servable,
            Note: $"the default schedule with its longest interval stretched to the cap's share: {sharedInterval.TotalSeconds:0.#} s"));
        var interval = pollsPerSecond == 0 ? double.NaN : inFlight.Count / pollsPerSecond;
        result.Add(new Measurement("poll interval each task got", Round(interval), "s",
            Note: $"under a Rivya budget cap of {settings.InFlightRivyaCap:#,0}/s, raised with the simulator's limit (the same, burst {2 * settings.InFlightRivyaCap:#,0}); at the default cap of {DefaultCap}/s, " +
                $"{inFlight.Count:#,0} tasks would get one poll every {inFlight.Count / DefaultCap:0} s"));
        result.Add(new Measurement("poll lateness p50 (sample)", Round(slip.P50), "ms"));
        var capBinds = demandedPerSecond > settings.InFlightRivyaCap;
        result.Add(new Measurement("poll lateness p99 (sample)", Round(slip.P99), "ms",
            Target: capBinds ? null : "<= 1,000 ms", Met: capBinds ? null : slip.P99 <= 1000,
            Note: $"{behind} of {sample.Count} sampled tasks behind schedule; max {Round(slip.Max / 1000)} s" +
                (capBinds ? "; the schedule asks more than the cap, so tasks fall behind it by design" : "")));
        result.Add(new Measurement("server CPU in steady state", Round(result.Cpu[^1].ServerCpuSeconds / windowSeconds), "cores",
            Note: $"simulator {Round(result.Cpu[^1].SimulatorCpuSeconds / windowSeconds)} cores"));
        var cpuPerPoll = polled == 0 ? 0 : result.Cpu[^1].ServerCpuSeconds * 1000 / polled;
        result.Add(new Measurement("server CPU per upstream poll", Round(cpuPerPoll), "ms CPU",
            Note: $"100,000 tasks at the {settings.PollMaxInterval.TotalSeconds:0} s interval = {100_000 / settings.PollMaxInterval.TotalSeconds:#,0} polls/s = {Round(cpuPerPoll * 100_000 / settings.PollMaxInterval.TotalSeconds / 1000)} cores"));

        result.Details["targetTasks"] = settings.InFlightTasks;
        result.Details["tasksInFlight"] = inFlight.Count;
        result.Details["fillSeconds"] = Math.Round(fill.Seconds, 1);
        result.Details["fillErrors"] = fill.Errors;
        result.Details["serverRssBeforeMib"] = Round(serverBefore.RssBytes / Mib);
        result.Details["serverRssAfterMib"] = Round(serverAfter.RssBytes / Mib);
        result.Details["serverRssAnonBeforeMib"] = Round(serverBefore.RssAnonBytes / Mib);
        result.Details["serverRssAnonAfterMib"] = Round(serverAfter.RssAnonBytes / Mib);
        result.Details["simulatorRssPerTaskKb"] = Round((simulatorAfter.RssBytes - simulatorBefore.RssBytes) / 1024.0 / fill.Tasks.Count);
        result.Details["rivyaBudgetCap"] = settings.InFlightRivyaCap;
        result.Details["simulatorRateLimit"] = settings.InFlightRivyaCap;
        result.Details["serverHeapBeforeMib"] = Round(heapBefore / Mib);
        result.Details["serverHeapAfterMib"] = Round(heapAfter / Mib);
        result.Details["windowSeconds"] = Round(windowSeconds);
        result.Details["pollsInWindow"] = polled;
        result.Details["pollsDemandedInWindow"] = demanded;
        result.Details["lateness"] = "per sampled task: how overdue its next poll is against the ideal schedule from its create (cumulative slip; 0 when not due)";
        result.Details["latenessMs"] = slip;
    }

    /// <summary>Creates/s in the first and the last tenth of the fill, which shows whether creating slows as tasks pile up.</summary>
    private static string Deciles(IReadOnlyList<CreatedTask> tasks)
    {
        if (tasks.Count < 100)
        {
            return "";
        }

        var times = tasks.Select(t => t.AnsweredAtUtc).Order().ToArray();
        var tenth = times.Length / 10;
        double Rate(int from) => tenth / Math.Max(0.001, (times[from + tenth - 1] - times[from]).TotalSeconds);
        return $"first tenth {Rate(0):0}/s, last tenth {Rate(times.Length - tenth):0}/s";
    }

    private static double Round(double value) => Math.Round(value, 2);
}
