using ImageGrid.Contracts.V1;
using ImageGrid.Rivya.Simulator;
using ImageGrid.Server.Tests.Cluster;
using ImageGrid.Server.Tests.Infrastructure;
using Xunit.Abstractions;
using TaskStatus = ImageGrid.Contracts.V1.TaskStatus;

namespace ImageGrid.Server.Tests.Budget;

/// <summary>Two silos, one Rivya key: together they stay within one budget, counted at Rivya's side.</summary>
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
        await using var simulator = RivyaSimulator.Build(
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
        var simulatorUrl = simulator.Urls.First();
        using var simulatorHttp = new HttpClient { BaseAddress = new Uri(simulatorUrl) };
        var control = new SimulatorControl(simulatorHttp);
        string[] settings =
        [
            $"--Rivya:BaseUrl={simulatorUrl}",
            $"--Rivya:ApiKey={RivyaKey}",
            $"--Rivya:RequestsPerSecond={Cap}",
            $"--Rivya:Burst={Burst}",
            "--Polling:InitialInterval=00:00:00.100",
            "--Polling:MaxInterval=00:00:00.400",
            $"--Orleans:ClusterId=budget-{Guid.NewGuid():N}",
        ];
        await using var first = await fixture.StartSiloAsync("budget-first", settings);
        await using var second = await fixture.StartSiloAsync("budget-second", settings);
        var key = await AzureClusterFixture.CreateAccountAsync(first, TasksPerSilo * 2 * 3);
        var clients = new[] { AzureClusterFixture.Client(first, key), AzureClusterFixture.Client(second, key) };

        var ends = await Task.WhenAll(clients.SelectMany(client => Enumerable.Range(0, TasksPerSilo).Select(async i =>
        {
            var created = await client.CreateImageAsync(new CreateImageRequest { Prompt = $"one budget {i}" });
            return (await client.WatchToEndAsync(created.Id))[^1].Task;
        })));

        var stats = await control.StatsAsync();
        output.WriteLine($"2 silos, cap {Cap}/s burst {Burst} against Rivya's {LimitedRivyaFixture.RivyaLimit}/s: {ends.Length} tasks, " +
            $"{stats.CreateRequests + stats.PollRequests} requests served, {stats.RateLimitedRequests} refused, busiest second {stats.BusiestSecond?.Requests}");
        Assert.All(ends, end => Assert.Equal(TaskStatus.Succeeded, end.Status));
        Assert.Equal(0, stats.RateLimitedRequests);
        Assert.InRange(stats.BusiestSecond!.Requests, 1, Cap + Burst);
        await simulator.StopAsync();
    }
}
