using System.Diagnostics;
using ImageGrid.Contracts.V1;
using ImageGrid.Server.Tests.Cluster;
using ImageGrid.Server.Tests.Infrastructure;
using Xunit.Abstractions;
using TaskStatus = ImageGrid.Contracts.V1.TaskStatus;

namespace ImageGrid.Server.Tests.Chaos;

/// <summary>
/// Azure Storage (Azurite behind a fault proxy on its blob and table ports) fails every request for a while, with
/// tasks in flight and watched; once it answers again every task is driven to its end by itself.
/// </summary>
[Collection(AzureClusterCollection.Name)]
public sealed class StorageOutageChaosTests(AzureClusterFixture fixture, ITestOutputHelper output)
{
    private const int Tasks = 24;
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan RecoveryBound = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData(ProxyFault.ServiceUnavailable)]
    [InlineData(ProxyFault.Reset)]
    public async Task Tasks_in_flight_through_a_storage_outage_all_end_once_storage_is_back(ProxyFault fault)
    {
        await using var blobs = FaultProxy.Start(Azurite.BlobPort);
        await using var tables = FaultProxy.Start(Azurite.TablePort);
        var connection = Azurite.ConnectionString(blobs.Port, tables.Port);
        await using var silo = await fixture.StartSiloAsync($"storage-{fault}", [$"--Storage:ConnectionString={connection}"]);
        var key = await AzureClusterFixture.CreateAccountAsync(silo, 1000);
        var client = AzureClusterFixture.Client(silo, key);
        var before = await fixture.Simulator.GetStatsAsync();
        var created = await Task.WhenAll(Enumerable.Range(0, Tasks).Select(i =>
            client.CreateImageAsync(new CreateImageRequest { Prompt = $"through a storage outage {i}" }).ResponseAsync));
        var watchers = created.Select(t => client.WatchResumingAsync(t.Id, Outage + RecoveryBound + RecoveryBound)).ToArray();

        blobs.Fault = tables.Fault = fault;
        // The outage outlasts every Rivya task (queued 3 s, running 4 s): each has news that cannot be stored.
        await Task.Delay(Outage);
        blobs.Fault = tables.Fault = ProxyFault.None;
        var recovering = Stopwatch.StartNew();
        var ends = await Task.WhenAll(watchers.Select(async w =>
        {
            var updates = await w;
            return (Updates: updates, At: recovering.Elapsed);
        }));
        var lastEnd = ends.Max(e => e.At);
        var balance = await client.WaitForNoReservationsAsync(RecoveryBound);

        output.WriteLine($"{fault}: {Tasks} tasks, storage down {Outage.TotalSeconds:0} s ({blobs.Failed + tables.Failed} requests failed); " +
            $"last task ended {lastEnd.TotalSeconds:0.0} s after storage came back, credits settled after {recovering.Elapsed.TotalSeconds:0.0} s");
        Assert.True(blobs.Failed + tables.Failed > 0, "the outage failed no storage request");
        Assert.True(lastEnd < RecoveryBound, $"the last task ended {lastEnd} after storage came back");
        foreach (var (updates, _) in ends)
        {
            Watching.AssertCompleteSequence(updates, updates[0].Task.Version);
            Assert.Equal(TaskStatus.Succeeded, updates[^1].Task.Status);
        }

        Assert.Equal(Tasks, (await fixture.Simulator.GetStatsAsync()).TasksCreated - before.TasksCreated);
        foreach (var (task, (updates, _)) in created.Zip(ends))
        {
            Assert.Equal(updates[^1].Task.RivyaTaskId, (await fixture.Simulator.FindByClientRequestIdAsync(task.Id))!.Id);
        }

        Assert.Equal((0L, Tasks * 3L), (balance.Reserved, balance.Spent));
        Assert.Equal(balance.Granted, balance.Available + balance.Reserved + balance.Spent);
    }
}
