using System.Diagnostics;
using ImageGrid.Contracts.V1;
using ImageGrid.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Xunit.Abstractions;
using TaskStatus = ImageGrid.Contracts.V1.TaskStatus;

namespace ImageGrid.Server.Tests.Chaos;

/// <summary>
/// Rivya out (every request answered 503) while tasks run: the circuit opens, so that only its probes reach Rivya,
/// health <c>upstream</c> turns Degraded, and when Rivya is back every task ends with one Rivya task and nothing
/// failed.
/// </summary>
[Collection(RivyaProxyCollection.Name)]
public sealed class RivyaOutageCircuitTests(RivyaProxyFixture fixture, ITestOutputHelper output)
{
    private const int Tasks = 30;
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan Held = TimeSpan.FromSeconds(6);

    [Fact]
    public async Task While_rivya_is_out_only_probes_reach_it_health_is_degraded_and_every_task_ends_after_it_is_back()
    {
        var account = await fixture.CreateAccountAsync(1000);
        var before = await fixture.Simulator.GetStatsAsync();
        var health = fixture.Server.Services.GetRequiredService<HealthCheckService>();
        var created = await Task.WhenAll(Enumerable.Range(0, Tasks).Select(i =>
            account.Client.CreateImageAsync(new CreateImageRequest { Prompt = $"through an outage {i}" }).ResponseAsync));
        var watchers = created.Select(t => account.Client.WatchResumingAsync(t.Id, Bound)).ToArray();

        try
        {
            fixture.Proxy.Fault = ProxyFault.ServiceUnavailable;
            var opened = await WaitForAsync(health, HealthStatus.Degraded);
            output.WriteLine($"the circuit opened {opened.TotalSeconds:0.0} s into the outage: {(await health.CheckHealthAsync()).Entries["upstream"].Description}");

            // Attempts already under way when it opened end first (they are not retried).
            await Task.Delay(TimeSpan.FromSeconds(1));
            var failedBefore = fixture.Proxy.Failed;
            var clock = Stopwatch.StartNew();
            await Task.Delay(Held);
            var reached = fixture.Proxy.Failed - failedBefore;
            var probeInterval = TimeSpan.FromSeconds(2);
            output.WriteLine($"{Tasks} tasks, {clock.Elapsed.TotalSeconds:0.0} s held back: {reached} requests reached Rivya");
            // Without the circuit, each task would poll at least every 5 s (Polling:MaxInterval) with 3 retries.
            Assert.InRange(reached, 1, (long)(clock.Elapsed / probeInterval) + 1);
            Assert.Equal(HealthStatus.Degraded, (await health.CheckHealthAsync()).Entries["upstream"].Status);
        }
        finally
        {
            fixture.Proxy.Fault = ProxyFault.None;
        }

        var recovering = Stopwatch.StartNew();
        var ends = await Task.WhenAll(watchers);
        output.WriteLine($"every task ended {recovering.Elapsed.TotalSeconds:0.0} s after Rivya came back");
        foreach (var updates in ends)
        {
            Watching.AssertCompleteSequence(updates, updates[0].Task.Version);
            Assert.Equal(TaskStatus.Succeeded, updates[^1].Task.Status);
        }

        Assert.Equal(Tasks, (await fixture.Simulator.GetStatsAsync()).TasksCreated - before.TasksCreated);
        Assert.Equal(HealthStatus.Healthy, (await health.CheckHealthAsync()).Entries["upstream"].Status);
        var balance = await account.Client.WaitForNoReservationsAsync(Bound);
        Assert.Equal((0L, Tasks * 3L), (balance.Reserved, balance.Spent));
    }

    private static async Task<TimeSpan> WaitForAsync(HealthCheckService health, HealthStatus status)
    {
        var clock = Stopwatch.StartNew();
        while ((await health.CheckHealthAsync()).Entries["upstream"].Status != status)
        {
            Assert.True(clock.Elapsed < Bound, $"health upstream was not {status} within {Bound}");
            await Task.Delay(100);
        }

        return clock.Elapsed;
    }
}
