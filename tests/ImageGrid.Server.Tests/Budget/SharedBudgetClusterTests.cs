using ImageGrid.Contracts.V1;
using Microsoft.AspNetCore.Builder;
using ImageGrid.Rivya.Simulator;
using ImageGrid.Server.Tests.Chaos;
using ImageGrid.Server.Tests.Cluster;
using ImageGrid.Server.Tests.Infrastructure;
using Xunit.Abstractions;
using TaskStatus = ImageGrid.Contracts.V1.TaskStatus;

namespace ImageGrid.Server.Tests.Budget;

/// <summary>Two silos, one Rivya key: together they stay within one budget and share an outage, counted at Rivya's side.</summary>
[Collection(AzureClusterCollection.Name)]
public sealed class SharedBudgetClusterTests(AzureClusterFixture fixture, ITestOutputHelper output)
{
    private const string RivyaKey = "rivya-shared-budget-key";
    private const int Cap = 45;
    private const int Burst = 50;
    private const int TasksPerSilo = 60;

    [Fact]
    public async Task Two_silos_share_one_budget_no_second_goes_past_the_cap_and_burst_and_rivya_refuses_nothing()
    {
        await using var simulator = await StartSimulatorAsync();
        using var control = new SimulatorClient(new HttpClient { BaseAddress = new Uri(simulator.Urls.First()) });
        var settings = SiloSettings(simulator.Urls.First());
        await using var first = await fixture.StartSiloAsync("budget-first", settings);
        await using var second = await fixture.StartSiloAsync("budget-second", settings);
        var key = await AzureClusterFixture.CreateAccountAsync(first, TasksPerSilo * 2 * 3);
        var clients = new[] { AzureClusterFixture.Client(first, key), AzureClusterFixture.Client(second, key) };

        var ends = await Task.WhenAll(clients.SelectMany(client => Enumerable.Range(0, TasksPerSilo).Select(async i =>
        {
            var created = await client.CreateImageAsync(new CreateImageRequest { Prompt = $"one budget {i}" });
            return (await client.WatchToEndAsync(created.Id))[^1].Task;
        })));

        var stats = await control.GetStatsAsync();
        output.WriteLine($"2 silos, cap {Cap}/s burst {Burst} against Rivya's {LimitedRivyaFixture.RivyaLimit}/s: {ends.Length} tasks, " +
            $"{stats.CreateRequests + stats.PollRequests} requests served, {stats.RateLimitedRequests} refused, busiest second {stats.BusiestSecond?.Requests}");
        Assert.All(ends, end => Assert.Equal(TaskStatus.Succeeded, end.Status));
        Assert.Equal(0, stats.RateLimitedRequests);
        // Within the cap and the burst, however late a renewal: a silo's grants stay counted until they expire, and a silo
        // uses none past its expiry. Each silo's bucket keeps a token even on a share of nothing (the budget's minimum).
        // Before grants were counted so, a silo whose demand grew was handed the rate another still held: three runs saw
        // 76, 80 and 108 requests in their busiest second, three runs since 45, 72 and 72.
        Assert.InRange(stats.BusiestSecond!.Requests, 1, Cap + Burst + 2);
        await simulator.StopAsync();
    }

    [Fact]
    public async Task Two_silos_share_an_outage_one_probe_for_the_cluster_and_every_task_ends_after_it()
    {
        const int tasksPerSilo = 20;
        var probeInterval = TimeSpan.FromSeconds(1);
        await using var simulator = await StartSimulatorAsync();
        await using var proxy = FaultProxy.Start(new Uri(simulator.Urls.First()).Port);
        string[] settings = [.. SiloSettings($"http://127.0.0.1:{proxy.Port}"), $"--Rivya:OutageProbeInterval={probeInterval}", "--Rivya:RetryBaseDelay=00:00:00.100"];
        await using var first = await fixture.StartSiloAsync("outage-first", settings);
        await using var second = await fixture.StartSiloAsync("outage-second", settings);
        var key = await AzureClusterFixture.CreateAccountAsync(first, tasksPerSilo * 2 * 3);
        var clients = new[] { AzureClusterFixture.Client(first, key), AzureClusterFixture.Client(second, key) };
        var created = await Task.WhenAll(clients.SelectMany(client => Enumerable.Range(0, tasksPerSilo).Select(async i =>
            (client, (await client.CreateImageAsync(new CreateImageRequest { Prompt = $"one outage {i}" })).Id))));
        var watchers = created.Select(t => t.client.WatchResumingAsync(t.Id, Bound)).ToArray();

        try
        {
            proxy.Fault = ProxyFault.ServiceUnavailable;
            var opened = await WaitUntilQuietAsync(proxy, probeInterval);
            var failedBefore = proxy.Failed;
            var clock = System.Diagnostics.Stopwatch.StartNew();
            await Task.Delay(Held);
            var reached = proxy.Failed - failedBefore;
            output.WriteLine($"2 silos, {created.Length} tasks: Rivya out, calls held back {opened.TotalSeconds:0.0} s into the outage; " +
                $"then {reached} requests reached Rivya in {clock.Elapsed.TotalSeconds:0.0} s (one probe every {probeInterval.TotalSeconds:0.#} s for the cluster)");
            // A probe of its own from each silo would be twice as many.
            Assert.InRange(reached, 1, (long)(clock.Elapsed / probeInterval) + 1);
        }
        finally
        {
            proxy.Fault = ProxyFault.None;
        }

        var recovering = System.Diagnostics.Stopwatch.StartNew();
        var ends = await Task.WhenAll(watchers);
        output.WriteLine($"every task ended {recovering.Elapsed.TotalSeconds:0.0} s after Rivya came back");
        Assert.All(ends, updates => Assert.Equal(TaskStatus.Succeeded, updates[^1].Task.Status));
        Assert.Contains(first.Output.Concat(second.Output), line => line.Contains("Rivya is out", StringComparison.Ordinal));
        await simulator.StopAsync();
    }

    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan Held = TimeSpan.FromSeconds(8);

    /// <summary>Waits until a whole probe interval passes with at most one request reaching Rivya: the circuit holds calls back.</summary>
    private static async Task<TimeSpan> WaitUntilQuietAsync(FaultProxy proxy, TimeSpan probeInterval)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var before = proxy.Failed;
            await Task.Delay(probeInterval + TimeSpan.FromMilliseconds(100));
            if (proxy.Failed - before <= 1)
            {
                return clock.Elapsed;
            }

            Assert.True(clock.Elapsed < Bound, $"requests kept reaching Rivya for {Bound}");
        }
    }

    private static async Task<WebApplication> StartSimulatorAsync()
    {
        var simulator = RivyaSimulator.Build(
        [
            "--urls=http://127.0.0.1:0",
            $"--Simulator:ApiKeys:0={RivyaKey}",
            "--Simulator:QueuedDuration=00:00:01",
            "--Simulator:RunningDuration=00:00:01",
            $"--Simulator:RateLimitPermitsPerSecond={LimitedRivyaFixture.RivyaLimit}",
            $"--Simulator:RateLimitBurst={LimitedRivyaFixture.RivyaBurst}",
            "--Logging:LogLevel:Default=Error",
        ]);
        await simulator.StartAsync();
        return simulator;
    }

    private static string[] SiloSettings(string rivyaUrl) =>
    [
        $"--Rivya:BaseUrl={rivyaUrl}",
        $"--Rivya:ApiKey={RivyaKey}",
        $"--Rivya:RequestsPerSecond={Cap}",
        $"--Rivya:Burst={Burst}",
        "--Polling:InitialInterval=00:00:00.100",
        "--Polling:MaxInterval=00:00:00.400",
        $"--Orleans:ClusterId=budget-{Guid.NewGuid():N}",
    ];
}
