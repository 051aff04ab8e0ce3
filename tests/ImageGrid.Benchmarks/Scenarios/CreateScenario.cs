using ImageGrid.Benchmarks.Infrastructure;
using ImageGrid.Benchmarks.Reporting;
using ImageGrid.Contracts.V1;

namespace ImageGrid.Benchmarks.Scenarios;

/// <summary>
/// 1. Create. For each concurrency C: C callers send the simulator's REST create directly with HttpClient (the
/// baseline), then C callers send CreateImage to ImageGrid, each for a fixed time after a warm-up. Polling is deferred
/// (Polling:InitialInterval = MaxInterval = 1 h) so the phase measures the create path alone; scenario 3 measures polling.
/// Both generators send bodies serialized once. Each phase reports the CPU split between the load generator, the server
/// and the simulator; with h2load on the machine, a last phase drives CreateImage from it instead of the harness.
/// On Azure Storage (one silo, Azurite on loopback) it measures production's mode; the targets, set for the memory mode,
/// are not judged there.
/// </summary>
public sealed class CreateScenario(bool azureStorage = false) : IScenario
{
    private const string Prompt = "Benchmark create: a lighthouse at dawn on a rocky coast, soft studio light";

    /// <summary>
    /// Before anything is measured, both targets take creates at each concurrency for this many warm-ups, and then the
    /// harness waits for them to go quiet: the server's code is still being compiled (tiered JIT with PGO: thousands of
    /// methods, on a background thread that gets the cores only once the load lets go of them) for tens of seconds after
    /// its first calls, and a method moves to its last tier only after more calls once the compiler has caught up (warmed at
    /// C=64 alone, the first second of C=1 still compiled 1,700 methods). The measure is of the service in its steady state.
    /// </summary>
    private const int CompileWarmups = 2;

    /// <summary>After the warm-up, the compiler's backlog: the phases start once the server and the simulator are this idle.</summary>
    private const double QuietShare = 0.1;

    private static readonly TimeSpan QuietLimit = TimeSpan.FromSeconds(45);

    public string Name => azureStorage ? "create-azure" : "create";

    public string Title => azureStorage
        ? "The same, one silo on Azure Storage (Azurite on loopback): production's mode"
        : "CreateImage vs direct REST create, C concurrent callers";

    public StackOptions Stack(BenchSettings settings) => new(
        Name,
        Queued: TimeSpan.FromHours(1),
        Running: TimeSpan.FromMinutes(1),
        ServerArguments: ["--Polling:InitialInterval=01:00:00", "--Polling:MaxInterval=01:00:00"],
        AzureStorage: azureStorage);

    public async Task RunAsync(BenchStack stack, BenchSettings settings, ScenarioResult result, CancellationToken cancellationToken)
    {
        var maxConcurrency = settings.CreateConcurrency.Max();
        var create = new PreserializedCreate(Load.ImageRequest(Prompt));
        var directBody = new IdStampedBody(id => SimulatorClient.CreateBody(Prompt, "bench-" + id));
        Task Direct(CancellationToken token) => stack.SimulatorClient.CreateTaskAsync(directBody.Next(), token);
        Task ImageGrid(CancellationToken token) =>
            create.CallAsync(stack.Channels.NextInvoker(), stack.Channels.Auth, DateTime.UtcNow + Load.CallTimeout, token);

        result.Details["polling"] = "deferred (1 h) so that only the create path is measured";
        result.Details["storage"] = azureStorage ? "Azure Storage: Azurite on loopback, on the same cores" : "in memory (the embedded default)";
        var compileWarmup = settings.CreateWarmup * CompileWarmups;
        result.Details["compileWarmup"] = $"{compileWarmup.TotalSeconds:0.#} s per target and concurrency before the first phase, not measured";
        foreach (var concurrency in settings.CreateConcurrency.OrderDescending())
        {
            await Load.ClosedLoopAsync(concurrency, compileWarmup, TimeSpan.Zero, long.MaxValue, Direct, () => { }, () => { }, cancellationToken);
            await Load.ClosedLoopAsync(concurrency, compileWarmup, TimeSpan.Zero, long.MaxValue, ImageGrid, () => { }, () => { }, cancellationToken);
        }

        var settled = await SettleAsync(stack, cancellationToken);
        result.Details["compileSettled"] = $"{settled.TotalSeconds:0.#} s until the server and the simulator used less than {QuietShare:P0} of a core (at most {QuietLimit.TotalSeconds:0} s)";
        stack.ThrowIfExited();

        foreach (var concurrency in settings.CreateConcurrency)
        {
            var (direct, directCpu) = await MeasureAsync(stack, settings, concurrency, $"C={concurrency} direct REST", Direct, cancellationToken);
            var (imageGrid, grpcCpu) = await MeasureAsync(stack, settings, concurrency, $"C={concurrency} ImageGrid", ImageGrid, cancellationToken);
            result.Cpu.Add(directCpu);
            result.Cpu.Add(grpcCpu);
            stack.ThrowIfExited();

            if (imageGrid.Completed == 0 || direct.Completed == 0)
            {
                throw new InvalidOperationException(
                    $"C={concurrency}: no create completed (ImageGrid errors: {Describe(imageGrid.Errors)}; direct errors: {Describe(direct.Errors)})");
            }

            var judged = concurrency == maxConcurrency && !azureStorage;
            result.Add(new Measurement($"C={concurrency} throughput", imageGrid.PerSecond, "creates/s", direct.PerSecond,
                judged ? ">= 5,000/s" : null, judged ? imageGrid.PerSecond >= 5000 : null));
            // One caller: the create's own path, judged by what it adds to the direct call; many: by the ratio.
            var (latencyTarget, latencyMet) = concurrency == 1
                ? ("<= direct + 0.5 ms", imageGrid.Latency.P50 <= direct.Latency.P50 + 0.5)
                : ("<= 1.2x direct", imageGrid.Latency.P50 <= 1.2 * direct.Latency.P50);
            result.Add(new Measurement($"C={concurrency} p50 latency", Round(imageGrid.Latency.P50), "ms", Round(direct.Latency.P50),
                azureStorage ? null : latencyTarget, azureStorage ? null : latencyMet));
            result.Add(new Measurement($"C={concurrency} p99 latency", Round(imageGrid.Latency.P99), "ms", Round(direct.Latency.P99)));
            if (imageGrid.Failed > 0 || direct.Failed > 0)
            {
                result.Add(new Measurement($"C={concurrency} failed calls", imageGrid.Failed, "calls", direct.Failed,
                    Note: $"ImageGrid {Describe(imageGrid.Errors)}; direct {Describe(direct.Errors)}"));
            }

            result.Add(new Measurement($"C={concurrency} server CPU per create", PerCreate(grpcCpu.ServerCpuSeconds, imageGrid.Completed), "ms CPU",
                PerCreate(directCpu.SimulatorCpuSeconds, direct.Completed),
                Note: "baseline column: the simulator's CPU per direct create"));
            result.Add(GeneratorShare($"C={concurrency}", grpcCpu, directCpu));
            result.Details[$"c{concurrency}.imageGrid"] = imageGrid;
            result.Details[$"c{concurrency}.direct"] = direct;
        }

        if (H2Load.Find() is { } h2load)
        {
            foreach (var concurrency in settings.CreateConcurrency)
            {
                try
                {
                    await CompareWithH2LoadAsync(stack, settings, result, create, h2load, concurrency, cancellationToken);
                }
                catch (Exception e) when (e is InvalidOperationException or FormatException && !cancellationToken.IsCancellationRequested)
                {
                    // The comparison is an extra: the phases above stand without it.
                    result.Details[$"c{concurrency}.h2load"] = $"failed: {e.Message}";
                }
            }

            stack.ThrowIfExited();
        }
        else
        {
            result.Details["h2load"] = "not on this machine (Debian nghttp2-client): no comparison with another load generator";
        }
    }

    private static async Task<(ClosedLoopResult Result, CpuSplit Cpu)> MeasureAsync(
        BenchStack stack, BenchSettings settings, int concurrency, string phase, Func<CancellationToken, Task> operation, CancellationToken cancellationToken)
    {
        CpuMeter? meter = null;
        CpuSplit? cpu = null;
        var measured = await Load.ClosedLoopAsync(
            concurrency, settings.CreateWarmup, settings.CreateDuration, settings.CreateMaxOperations, operation,
            () => meter = CpuMeter.Start(stack, phase),
            () => cpu = meter!.Stop(),
            cancellationToken);
        return (measured, cpu!);
    }

    /// <summary>
    /// The same CreateImage from h2load (C, one thread): what the server does, and what a caller sees, when the load
    /// generator costs next to nothing. h2load sees HTTP statuses only, and a gRPC error is a 200; the tasks created are
    /// counted apart, by the credits the account reserved (every task stays queued for the hour, so nothing is settled
    /// meanwhile).
    /// </summary>
    private static async Task CompareWithH2LoadAsync(
        BenchStack stack, BenchSettings settings, ScenarioResult result, PreserializedCreate create, string h2load, int concurrency,
        CancellationToken cancellationToken)
    {
        var connections = Math.Min(settings.Channels, concurrency);
        var streams = (int)Math.Ceiling(concurrency / (double)connections);
        var headers = new[] { "content-type: application/grpc", "te: trailers", $"authorization: Bearer {stack.DemoKey}" };
        // h2load's own connections and streams are new code paths for the server: their first second is not measured.
        await H2Load.RunAsync(h2load, stack.ServerUrl + PreserializedCreate.Path, create.Framed(), headers, connections, streams, TimeSpan.FromSeconds(1), cancellationToken);
        await SettleAsync(stack, cancellationToken);
        var price = await PriceAsync(stack, cancellationToken);
        var before = await ReservedAsync(stack, cancellationToken);
        var meter = CpuMeter.Start(stack, $"C={connections * streams} ImageGrid, h2load as the generator");
        var run = await H2Load.RunAsync(
            h2load, stack.ServerUrl + PreserializedCreate.Path, create.Framed(), headers, connections, streams, settings.CreateDuration, cancellationToken);
        var cpu = meter.Stop();
        cpu = cpu with { HarnessCpuSeconds = Math.Round(cpu.HarnessCpuSeconds + run.CpuSeconds, 2) };
        result.Cpu.Add(cpu);
        // Calls in flight when h2load stopped may still create their task.
        await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
        var created = (await ReservedAsync(stack, cancellationToken) - before) / price;
        stack.ThrowIfExited();

        var label = $"C={connections * streams} h2load";
        result.Add(new Measurement($"{label} throughput", run.PerSecond, "creates/s", (double?)null,
            Note: $"{run.Succeeded} answered 200 in {run.Seconds:0.##} s; {created} tasks created by the credits reserved (calls cut off at the end included); "
                + $"{run.Failed + run.Errored + run.TimedOut} failed, errored or timed out"));
        result.Add(new Measurement($"{label} mean latency", Round(run.MeanLatencyMs), "ms", Note: $"max {Round(run.MaxLatencyMs)} ms; h2load reports no percentiles"));
        result.Add(new Measurement($"{label} server CPU per create", PerCreate(cpu.ServerCpuSeconds, created), "ms CPU"));
        result.Add(GeneratorShare(label, cpu, null));
        if (created < run.Succeeded)
        {
            result.Add(new Measurement($"{label} answers without a task", run.Succeeded - created, "calls",
                Note: "200 answers with a gRPC error in their trailers: fewer tasks than answers"));
        }

        result.Details[$"c{concurrency}.h2load"] = run;
        result.Details[$"c{concurrency}.h2load.tasksCreated"] = created;
    }

    /// <summary>The load generator's share of the phase's CPU; the target is a generator cheaper than the server it measures.</summary>
    private static Measurement GeneratorShare(string label, CpuSplit cpu, CpuSplit? direct) => new(
        $"{label} CPU split generator/server/simulator",
        Math.Round(100 * cpu.Share(cpu.HarnessCpuSeconds), 1),
        "% generator",
        direct is null ? null : Math.Round(100 * direct.Share(direct.HarnessCpuSeconds), 1),
        "generator < server",
        cpu.HarnessCpuSeconds < cpu.ServerCpuSeconds,
        $"{Percent(cpu, cpu.HarnessCpuSeconds)} / {Percent(cpu, cpu.ServerCpuSeconds)} / {Percent(cpu, cpu.SimulatorCpuSeconds)} "
        + $"({cpu.HarnessCpuSeconds:0.##} / {cpu.ServerCpuSeconds:0.##} / {cpu.SimulatorCpuSeconds:0.##} CPU s)"
        + (direct is null ? "" : "; baseline column: the generator's share when it calls the simulator directly"));

    private static Task<TimeSpan> SettleAsync(BenchStack stack, CancellationToken cancellationToken) => QuietWait.UntilQuietAsync(
        () => ProcSample.Sum([.. stack.Servers.Select(server => server.Sample()), stack.Simulator.Sample()]), QuietShare, QuietLimit, cancellationToken);

    private static async Task<long> PriceAsync(BenchStack stack, CancellationToken cancellationToken)
    {
        var models = await stack.Channels.Next().ListModelsAsync(new ListModelsRequest(), stack.Channels.Auth, cancellationToken: cancellationToken);
        var model = Load.ImageRequest(Prompt).Model;
        return models.Models.Single(m => m.Id == model).CreditsPerImage;
    }

    private static async Task<long> ReservedAsync(BenchStack stack, CancellationToken cancellationToken) =>
        (await stack.Channels.Next().GetBalanceAsync(new GetBalanceRequest(), stack.Channels.Auth, cancellationToken: cancellationToken)).Reserved;

    private static double PerCreate(double cpuSeconds, long creates) => Round(1000 * cpuSeconds / Math.Max(1, creates));

    private static string Percent(CpuSplit cpu, double seconds) => $"{100 * cpu.Share(seconds):0}%";

    private static double Round(double value) => Math.Round(value, 2);

    private static string Describe(IReadOnlyDictionary<string, long> errors) =>
        errors.Count == 0 ? "none" : string.Join(", ", errors.Select(e => $"{e.Key} x{e.Value}"));
}
