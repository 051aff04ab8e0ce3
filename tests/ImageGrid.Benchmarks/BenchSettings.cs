using System.Globalization;

namespace ImageGrid.Benchmarks;

/// <summary>
/// Every knob of a run. <see cref="Default"/> fits in 5 minutes on 2 cores, <see cref="Quick"/> is CI's smoke test; any
/// property can be overridden on the command line as <c>--Name=value</c> (TimeSpans in seconds, lists comma-separated).
/// </summary>
public sealed record BenchSettings
{
    public string Mode { get; init; } = "default";

    /// <summary>
    /// Scenarios to run, in order: create, watch, inflight, streams, limit, limit-2silos, create-azure, inflight-azure
    /// and storage-azure (the last five not in the default run; in the quick one all but inflight-azure). limit-2silos
    /// and the "-azure" ones need Azure Storage: scripts/bench.sh starts Azurite for them.
    /// </summary>
    public IReadOnlyList<string> Scenarios { get; init; } = ["create", "watch", "inflight", "streams"];

    /// <summary>gRPC channels the load generator spreads its calls over.</summary>
    public int Channels { get; init; } = 8;

    public TimeSpan StartupTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The whole run is cancelled after this, whatever is left.</summary>
    public TimeSpan RunTimeout { get; init; } = TimeSpan.FromMinutes(9);

    // The server's default poll schedule (Polling:*), used to compute what the polls should be.
    public TimeSpan PollInitialInterval { get; init; } = TimeSpan.FromSeconds(1);
    public TimeSpan PollMaxInterval { get; init; } = TimeSpan.FromSeconds(5);
    public double PollGrowthFactor { get; init; } = 1.5;

    // 1. Create: each concurrency level runs the direct REST baseline, then ImageGrid.
    public IReadOnlyList<int> CreateConcurrency { get; init; } = [1, 64];
    public TimeSpan CreateWarmup { get; init; } = TimeSpan.FromSeconds(2);
    public TimeSpan CreateDuration { get; init; } = TimeSpan.FromSeconds(8);
    public int CreateMaxOperations { get; init; } = 1_000_000;

    // 2. Watch fan-out.
    public int WatchTasks { get; init; } = 1000;
    public int WatchersPerTask { get; init; } = 20;
    /// <summary>Control group: tasks with a single watcher each, to compare polls per task.</summary>
    public int SingleWatcherTasks { get; init; } = 100;
    /// <summary>Control group: one task with this many watchers.</summary>
    public int HotTaskWatchers { get; init; } = 1000;
    /// <summary>Baseline: tasks created directly at the simulator, each polled by <see cref="WatchersPerTask"/> HTTP clients.</summary>
    public int BaselineTasks { get; init; } = 100;
    /// <summary>Long enough to create the tasks and open every stream before the first task leaves QUEUED.</summary>
    public TimeSpan WatchQueued { get; init; } = TimeSpan.FromSeconds(30);
    public TimeSpan WatchRunning { get; init; } = TimeSpan.FromSeconds(8);
    public int WatchOpenConcurrency { get; init; } = 512;

    // 3. Many tasks in flight.
    public int InFlightTasks { get; init; } = 100_000;
    /// <summary>Long enough for 100,000 creates at the ~1,100/s this machine fills at while polling the earlier tasks.</summary>
    public TimeSpan InFlightCreateBudget { get; init; } = TimeSpan.FromSeconds(120);
    public int InFlightConcurrency { get; init; } = 64;
    public TimeSpan InFlightSettle { get; init; } = TimeSpan.FromSeconds(5);
    public TimeSpan InFlightWindow { get; init; } = TimeSpan.FromSeconds(15);
    public int InFlightSample { get; init; } = 500;
    /// <summary>
    /// The Rivya budget's cap and the simulator's limit in this scenario (requests/s), raised together from the default
    /// 190/s: 100,000 tasks on the 5 s schedule would want 20,000 polls/s, more than these 2 cores serve beside the
    /// creates (the server and the simulator spend about 0.14 ms of CPU per poll), so each task gets a poll every
    /// tasks ÷ cap seconds instead, as it would under any cap.
    /// </summary>
    public int InFlightRivyaCap { get; init; } = 5_000;

    // 4. Idle stream cost.
    public int IdleStreamTasks { get; init; } = 100;
    public int IdleStreams { get; init; } = 20_000;
    public TimeSpan IdleWindow { get; init; } = TimeSpan.FromSeconds(6);
    /// <summary>Wait after creating the tasks so that their polling has reached its steady interval in both windows.</summary>
    public TimeSpan IdleSteadyWait { get; init; } = TimeSpan.FromSeconds(9);

    // 5. Against Rivya's rate limit: the simulator at its default limit, tasks with drawn durations, N creates.
    public int LimitTasks { get; init; } = 3000;
    public int LimitConcurrency { get; init; } = 16;
    /// <summary>The simulator's per-key limit (its defaults).</summary>
    public int LimitPermitsPerSecond { get; init; } = 200;
    public int LimitBurst { get; init; } = 400;
    /// <summary>Medians and spread (sigma of ln) of the tasks' drawn durations (Simulator:Durations:1K:*).</summary>
    public TimeSpan LimitQueuedMedian { get; init; } = TimeSpan.FromSeconds(20);
    public TimeSpan LimitRunningMedian { get; init; } = TimeSpan.FromSeconds(10);
    public double LimitSpread { get; init; } = 0.3;
    public int LimitSeed { get; init; } = 11;
    /// <summary>
    /// Tasks run to their end before the measured ones, so that the server has seen tasks before (as a running service
    /// has) and its schedule has history to learn from; 0 measures a server fresh from its start.
    /// </summary>
    public int LimitWarmupTasks { get; init; }
    /// <summary>How long the creates may take, and then how long the last results may take after them.</summary>
    public TimeSpan LimitCreateBudget { get; init; } = TimeSpan.FromSeconds(240);
    public TimeSpan LimitResultsBudget { get; init; } = TimeSpan.FromSeconds(240);
    /// <summary>
    /// The server's Rivya budget for this scenario: its defaults, restated because the harness raises the cap out of
    /// the way for every other scenario (e.g. <c>--LimitServerArguments=--Rivya:RequestsPerSecond=1000,--Rivya:Burst=1000</c>
    /// for a cap set too high).
    /// </summary>
    public IReadOnlyList<string> LimitServerArguments { get; init; } = ["--Rivya:RequestsPerSecond=190", "--Rivya:Burst=200"];

    // 6. Storage requests on Azure Storage: tasks followed one at a time from their create to the end of their life.
    /// <summary>Tasks followed (at least 2: the account's first, then later ones).</summary>
    public int StorageTasks { get; init; } = 3;
    public TimeSpan StorageQueued { get; init; } = TimeSpan.FromSeconds(3);
    public TimeSpan StorageRunning { get; init; } = TimeSpan.FromSeconds(2);
    /// <summary>A task's life ends when, after its result, storage has seen no request for this long.</summary>
    public TimeSpan StorageQuiet { get; init; } = TimeSpan.FromSeconds(1.5);
    public TimeSpan StorageLifeBudget { get; init; } = TimeSpan.FromSeconds(60);

    public static BenchSettings Default => new();

    public static BenchSettings Quick => new()
    {
        Mode = "quick",
        Scenarios = ["create", "watch", "inflight", "streams", "limit", "limit-2silos", "create-azure", "storage-azure"],
        Channels = 4,
        RunTimeout = TimeSpan.FromMinutes(4),
        CreateConcurrency = [1, 16],
        CreateWarmup = TimeSpan.FromSeconds(1),
        CreateDuration = TimeSpan.FromSeconds(2),
        WatchTasks = 50,
        WatchersPerTask = 4,
        SingleWatcherTasks = 10,
        HotTaskWatchers = 50,
        BaselineTasks = 10,
        WatchQueued = TimeSpan.FromSeconds(4),
        WatchRunning = TimeSpan.FromSeconds(2),
        InFlightTasks = 2000,
        InFlightCreateBudget = TimeSpan.FromSeconds(5),
        InFlightConcurrency = 16,
        InFlightSettle = TimeSpan.FromSeconds(1),
        InFlightWindow = TimeSpan.FromSeconds(3),
        InFlightSample = 100,
        InFlightRivyaCap = 2_000,
        IdleStreamTasks = 20,
        IdleStreams = 1000,
        IdleWindow = TimeSpan.FromSeconds(2),
        IdleSteadyWait = TimeSpan.FromSeconds(3),
        LimitTasks = 150,
        LimitQueuedMedian = TimeSpan.FromSeconds(3),
        LimitRunningMedian = TimeSpan.FromSeconds(1.5),
        LimitCreateBudget = TimeSpan.FromSeconds(30),
        LimitResultsBudget = TimeSpan.FromSeconds(40),
        StorageTasks = 2,
    };

    /// <summary>Applies <c>--Name=value</c> overrides to this record's properties.</summary>
    public BenchSettings With(IEnumerable<KeyValuePair<string, string>> overrides)
    {
        var result = this with { };
        foreach (var (name, text) in overrides)
        {
            var property = typeof(BenchSettings).GetProperty(name, System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.IgnoreCase)
                ?? throw new ArgumentException($"unknown setting --{name}");
            object value = property.PropertyType switch
            {
                var t when t == typeof(int) => int.Parse(text, CultureInfo.InvariantCulture),
                var t when t == typeof(double) => double.Parse(text, CultureInfo.InvariantCulture),
                var t when t == typeof(string) => text,
                var t when t == typeof(TimeSpan) => TimeSpan.FromSeconds(double.Parse(text, CultureInfo.InvariantCulture)),
                var t when t == typeof(IReadOnlyList<int>) => text.Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList(),
                var t when t == typeof(IReadOnlyList<string>) => text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList(),
                _ => throw new ArgumentException($"setting --{name} cannot be set from the command line"),
            };
            property.SetValue(result, value);
        }

        return result;
    }
}
