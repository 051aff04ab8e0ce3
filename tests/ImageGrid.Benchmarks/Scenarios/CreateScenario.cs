using ImageGrid.Benchmarks.Infrastructure;
using ImageGrid.Benchmarks.Reporting;

namespace ImageGrid.Benchmarks.Scenarios;

/// <summary>
/// 1. Create. For each concurrency C: C callers send the simulator's REST create directly with HttpClient (the
/// baseline), then C callers send CreateImage to ImageGrid, each for a fixed time after a warm-up. Polling is deferred
/// (Polling:InitialInterval = MaxInterval = 1 h) so the phase measures the create path alone; scenario 3 measures polling.
/// On Azure Storage (one silo, Azurite on loopback) it measures production's mode; the targets, set for the memory mode,
/// are not judged there.
/// </summary>
public sealed class CreateScenario(bool azureStorage = false) : IScenario
{
    private const string Prompt = "Benchmark create: a lighthouse at dawn on a rocky coast, soft studio light";

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
        result.Details["polling"] = "deferred (1 h) so that only the create path is measured";
        result.Details["storage"] = azureStorage ? "Azure Storage: Azurite on loopback, on the same cores" : "in memory (the embedded default)";
        foreach (var concurrency in settings.CreateConcurrency)
        {
            CpuMeter? meter = null;
            var directCpu = default(CpuSplit);
            var direct = await Load.ClosedLoopAsync(
                concurrency, settings.CreateWarmup, settings.CreateDuration, settings.CreateMaxOperations,
                token => stack.SimulatorClient.CreateTaskAsync(SimulatorClient.CreateBody(Prompt, "bench-" + Guid.NewGuid().ToString("N")), token),
                () => meter = CpuMeter.Start(stack, $"C={concurrency} direct REST"),
                () => directCpu = meter!.Stop(),
                cancellationToken);
            result.Cpu.Add(directCpu!);

            var grpcCpu = default(CpuSplit);
            var request = Load.ImageRequest(Prompt);
            var imageGrid = await Load.ClosedLoopAsync(
                concurrency, settings.CreateWarmup, settings.CreateDuration, settings.CreateMaxOperations,
                token => stack.Channels.Next().CreateImageAsync(request, stack.Channels.Auth, DateTime.UtcNow + Load.CallTimeout, token).ResponseAsync,
                () => meter = CpuMeter.Start(stack, $"C={concurrency} ImageGrid"),
                () => grpcCpu = meter!.Stop(),
                cancellationToken);
            result.Cpu.Add(grpcCpu!);
            stack.ThrowIfExited();

            if (imageGrid.Completed == 0 || direct.Completed == 0)
            {
                throw new InvalidOperationException(
                    $"C={concurrency}: no create completed (ImageGrid errors: {Describe(imageGrid.Errors)}; direct errors: {Describe(direct.Errors)})");
            }

            var judged = concurrency == maxConcurrency && !azureStorage;
            result.Add(new Measurement($"C={concurrency} throughput", imageGrid.PerSecond, "creates/s", direct.PerSecond,
                judged ? ">= 5,000/s" : null, judged ? imageGrid.PerSecond >= 5000 : null));
            result.Add(new Measurement($"C={concurrency} p50 latency", Round(imageGrid.Latency.P50), "ms", Round(direct.Latency.P50),
                azureStorage ? null : "<= 1.2x direct", azureStorage ? null : imageGrid.Latency.P50 <= 1.2 * direct.Latency.P50));
            result.Add(new Measurement($"C={concurrency} p99 latency", Round(imageGrid.Latency.P99), "ms", Round(direct.Latency.P99)));
            if (imageGrid.Failed > 0 || direct.Failed > 0)
            {
                result.Add(new Measurement($"C={concurrency} failed calls", imageGrid.Failed, "calls", direct.Failed,
                    Note: $"ImageGrid {Describe(imageGrid.Errors)}; direct {Describe(direct.Errors)}"));
            }

            result.Add(new Measurement($"C={concurrency} server CPU per create", Round(1000 * grpcCpu!.ServerCpuSeconds / Math.Max(1, imageGrid.Completed)), "ms CPU",
                Round(1000 * directCpu!.SimulatorCpuSeconds / Math.Max(1, direct.Completed)),
                Note: "baseline column: the simulator's CPU per direct create"));
            result.Details[$"c{concurrency}.imageGrid"] = imageGrid;
            result.Details[$"c{concurrency}.direct"] = direct;
        }
    }

    private static double Round(double value) => Math.Round(value, 2);

    private static string Describe(IReadOnlyDictionary<string, long> errors) =>
        errors.Count == 0 ? "none" : string.Join(", ", errors.Select(e => $"{e.Key} x{e.Value}"));
}
