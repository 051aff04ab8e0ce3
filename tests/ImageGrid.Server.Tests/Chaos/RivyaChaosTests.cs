using System.Diagnostics;
using ImageGrid.Contracts.V1;
using ImageGrid.Rivya.Simulator.Control;
using ImageGrid.Server.Tests.Infrastructure;
using Xunit.Abstractions;
using TaskStatus = ImageGrid.Contracts.V1.TaskStatus;

namespace ImageGrid.Server.Tests.Chaos;

/// <summary>
/// Rivya unreachable for longer than the submit deadline, or flaky (connections reset, answers lost, 5xx and 429 from
/// the simulator itself): every task still ends, with one Rivya task each, and the ledger balances.
/// </summary>
[Collection(RivyaProxyCollection.Name)]
public sealed class RivyaChaosTests(RivyaProxyFixture fixture, ITestOutputHelper output)
{
    private static readonly TimeSpan EndBound = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task A_rivya_outage_longer_than_the_submit_deadline_delays_the_tasks_and_loses_none()
    {
        const int tasks = 10;
        var account = await fixture.CreateAccountAsync(100);
        var before = await fixture.Simulator.GetStatsAsync();
        fixture.Proxy.Fault = ProxyFault.Reset;

        var created = await Task.WhenAll(Enumerable.Range(0, tasks).Select(i =>
            account.Client.CreateImageAsync(new CreateImageRequest { Prompt = $"through a rivya outage {i}" }).ResponseAsync));
        var watchers = created.Select(t => account.Client.WatchResumingAsync(t.Id, EndBound)).ToArray();
        // Twice the acknowledgement deadline (1 s) with nothing reaching Rivya.
        await Task.Delay(TimeSpan.FromSeconds(2));
        fixture.Proxy.Fault = ProxyFault.None;
        var recovering = Stopwatch.StartNew();
        var ends = await Task.WhenAll(watchers);
        var lastEnd = recovering.Elapsed;

        output.WriteLine($"Rivya down: {tasks} creates answered SUBMITTING, {fixture.Proxy.Failed} connections refused; " +
            $"every task ended {lastEnd.TotalSeconds:0.0} s after Rivya came back");
        Assert.All(created, t => Assert.Equal(TaskStatus.Submitting, t.Status));
        await AssertAllEndedOnceAsync(account, created, ends, before, tasks);
    }

    [Fact]
    public async Task Tasks_through_a_flaky_rivya_all_end_with_one_rivya_task_each()
    {
        const int tasks = 40;
        var account = await fixture.CreateAccountAsync(1000);
        var before = await fixture.Simulator.GetStatsAsync();
        var marker = $"flaky {Guid.NewGuid():N}";
        await fixture.Simulator.AddFaultAsync(new { endpoint = "create", kind = "http_error", status = 503, count = 6, promptContains = marker });
        await fixture.Simulator.AddFaultAsync(new { endpoint = "create", kind = "rate_limit", retryAfterSeconds = 1, count = 6, promptContains = marker });
        await fixture.Simulator.AddFaultAsync(new { endpoint = "create", kind = "drop_response", count = 6, promptContains = marker });
        await fixture.Simulator.AddFaultAsync(new { endpoint = "get", kind = "http_error", status = 502, count = 20 });
        await fixture.Simulator.AddFaultAsync(new { endpoint = "get", kind = "rate_limit", retryAfterSeconds = 1, count = 20 });
        fixture.Proxy.Fault = ProxyFault.Flaky;
        var clock = Stopwatch.StartNew();
        try
        {
            var created = await Task.WhenAll(Enumerable.Range(0, tasks).Select(i =>
                account.Client.CreateImageAsync(new CreateImageRequest { Prompt = $"{marker} {i}" }).ResponseAsync));
            var ends = await Task.WhenAll(created.Select(t => account.Client.WatchResumingAsync(t.Id, EndBound)));

            output.WriteLine($"Flaky Rivya: {tasks} tasks ended in {clock.Elapsed.TotalSeconds:0.0} s; the proxy cut {fixture.Proxy.Failed} " +
                "connections or answers, beside the simulator's own 503, 502, 429 and lost answers");
            Assert.True(fixture.Proxy.Failed > 0, "the proxy failed nothing");
            await AssertAllEndedOnceAsync(account, created, ends, before, tasks);
        }
        finally
        {
            fixture.Proxy.Fault = ProxyFault.None;
        }
    }

    private async Task AssertAllEndedOnceAsync(TestAccount account, ImageTask[] created, List<TaskUpdate>[] ends, SimulatorStatsSnapshot before, int tasks)
    {
        foreach (var updates in ends)
        {
            Watching.AssertCompleteSequence(updates, updates[0].Task.Version);
            Assert.Equal(TaskStatus.Succeeded, updates[^1].Task.Status);
        }

        Assert.Equal(tasks, (await fixture.Simulator.GetStatsAsync()).TasksCreated - before.TasksCreated);
        foreach (var (task, updates) in created.Zip(ends))
        {
            Assert.Equal(updates[^1].Task.RivyaTaskId, (await fixture.Simulator.FindByClientRequestIdAsync(task.Id))!.Id);
        }

        var balance = await account.Client.WaitForNoReservationsAsync(EndBound);
        Assert.Equal((0L, tasks * 3L), (balance.Reserved, balance.Spent));
        Assert.Equal(balance.Granted, balance.Available + balance.Reserved + balance.Spent);
    }
}
