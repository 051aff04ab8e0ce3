using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using ImageGrid.Benchmarks.Infrastructure;
using ImageGrid.Benchmarks.Reporting;
using ImageGrid.Benchmarks.Scenarios;

namespace ImageGrid.Benchmarks;

/// <summary>
/// Runs the scenarios one after the other, each on a fresh simulator and server, prints the table and writes the JSON.
/// Exit code 0 unless a scenario failed outright (or the arguments were wrong); no timing is asserted.
/// </summary>
public static class BenchRunner
{
    private static readonly IScenario[] AllScenarios = [new CreateScenario(), new WatchFanOutScenario(), new InFlightScenario(), new StreamCostScenario(), new LimitScenario(), new LimitScenario(silos: 2),
        new CreateScenario(azureStorage: true), new InFlightScenario(azureStorage: true), new StorageRequestsScenario()];

    public static async Task<int> RunAsync(string[] args)
    {
        BenchSettings settings;
        string output;
        string? commit;
        try
        {
            (settings, output, commit) = Parse(args);
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            Console.Error.WriteLine(e.Message);
            Console.Error.WriteLine("usage: ImageGrid.Benchmarks [--quick] [--out=PATH] [--commit=SHA] [--<Setting>=value ...] (see BenchSettings.cs)");
            return 2;
        }

        using var run = new CancellationTokenSource(settings.RunTimeout);
        // Ctrl+C and SIGTERM cancel the run; the finally blocks then kill the processes and the report is still written.
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            Console.Error.WriteLine("interrupted: stopping the scenario and its processes");
            run.Cancel();
        };
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            run.Cancel();
        });
        AppDomain.CurrentDomain.ProcessExit += (_, _) => ChildProcess.KillAll();

        var logDirectory = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(output))!, "logs");
        var startedAt = DateTime.UtcNow;
        var clock = Stopwatch.StartNew();
        var results = new List<ScenarioResult>();
        Console.WriteLine($"ImageGrid benchmark, {settings.Mode} mode, {Environment.ProcessorCount} cores; logs of the processes in {logDirectory}");
        try
        {
            foreach (var name in settings.Scenarios)
            {
                var scenario = AllScenarios.FirstOrDefault(s => s.Name == name)
                    ?? throw new ArgumentException($"unknown scenario {name}; known: {string.Join(", ", AllScenarios.Select(s => s.Name))}");
                results.Add(await RunScenarioAsync(scenario, settings, logDirectory, run.Token));
            }
        }
        finally
        {
            ChildProcess.KillAll();
        }

        var report = new BenchReport(
            settings.Mode,
            startedAt.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            Math.Round(clock.Elapsed.TotalSeconds, 1),
            MachineInfo.Current(ServerGcMode()),
            commit,
            settings,
            results);
        Console.WriteLine();
        Console.WriteLine(ReportWriter.Table(report));
        if (settings.Mode == "quick")
        {
            Console.WriteLine("quick mode: a smoke test at small scale; the scale targets (20,000 streams, 100,000 tasks, 5,000 creates/s) are not expected here.");
        }

        await ReportWriter.WriteJsonAsync(report, output);
        Console.WriteLine($"results: {Path.GetFullPath(output)} ({report.WallSeconds:0.0} s)");

        var failed = results.Where(r => r.Status != "ok").ToList();
        if (failed.Count > 0 || run.IsCancellationRequested)
        {
            Console.Error.WriteLine($"{failed.Count} scenario(s) failed: {string.Join(", ", failed.Select(f => f.Name))}");
            return 1;
        }

        return 0;
    }

    private static async Task<ScenarioResult> RunScenarioAsync(IScenario scenario, BenchSettings settings, string logDirectory, CancellationToken cancellationToken)
    {
        var result = new ScenarioResult(scenario.Name, scenario.Title);
        var clock = Stopwatch.StartNew();
        Console.WriteLine($"[{scenario.Name}] {scenario.Title}: starting the simulator and the server");
        BenchStack? stack = null;
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            stack = await BenchStack.StartAsync(scenario.Stack(settings), settings.Channels, logDirectory, settings.StartupTimeout, cancellationToken);
            result.Details["startupSeconds"] = Math.Round(clock.Elapsed.TotalSeconds, 1);
            await scenario.RunAsync(stack, settings, result, cancellationToken);
            stack.ThrowIfExited();
        }
        catch (Exception e)
        {
            result.Fail(cancellationToken.IsCancellationRequested ? $"cancelled (run timeout or interrupt): {e.Message}" : $"{e.GetType().Name}: {e.Message}");
            Console.Error.WriteLine($"[{scenario.Name}] failed: {e}");
        }
        finally
        {
            if (stack is not null)
            {
                await stack.DisposeAsync();
            }
        }

        result.WallSeconds = Math.Round(clock.Elapsed.TotalSeconds, 1);
        Console.WriteLine($"[{scenario.Name}] {result.Status} in {result.WallSeconds:0.0} s");
        foreach (var m in result.Measurements)
        {
            Console.WriteLine($"    {m.Metric}: {ReportWriter.Number(m.Value)} {m.Unit}" + (m.Baseline is { } b ? $" (baseline {ReportWriter.Number(b)})" : ""));
        }

        return result;
    }

    private static (BenchSettings Settings, string Output, string? Commit) Parse(string[] args)
    {
        var settings = args.Contains("--quick") ? BenchSettings.Quick : BenchSettings.Default;
        var output = Path.Combine(".artifacts", "bench", "results.json");
        string? commit = null;
        var overrides = new List<KeyValuePair<string, string>>();
        foreach (var arg in args.Where(a => a != "--quick"))
        {
            if (!arg.StartsWith("--", StringComparison.Ordinal) || !arg.Contains('='))
            {
                throw new ArgumentException($"unexpected argument {arg}");
            }

            var name = arg[2..arg.IndexOf('=')];
            var value = arg[(arg.IndexOf('=') + 1)..];
            switch (name)
            {
                case "out":
                    output = value;
                    break;
                case "commit":
                    commit = value;
                    break;
                default:
                    overrides.Add(new(name, value));
                    break;
            }
        }

        return (settings.With(overrides), output, commit);
    }

    /// <summary>The server's GC mode, from the runtimeconfig it runs with.</summary>
    private static string ServerGcMode()
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "ImageGrid.Server.runtimeconfig.json")));
            var server = document.RootElement.GetProperty("runtimeOptions").TryGetProperty("configProperties", out var properties)
                && properties.TryGetProperty("System.GC.Server", out var gc) && gc.GetBoolean();
            return server ? "server" : "workstation";
        }
        catch (Exception e) when (e is IOException or JsonException or KeyNotFoundException)
        {
            return "unknown";
        }
    }
}
