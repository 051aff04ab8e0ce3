using System.Diagnostics;
using Grpc.Core;
using ImageGrid.Contracts.V1;
using ImageGrid.Server.Tests.Cluster;
using ImageGrid.Server.Tests.Infrastructure;
using Xunit.Abstractions;
using TaskStatus = ImageGrid.Contracts.V1.TaskStatus;

namespace ImageGrid.Server.Tests.Chaos;

/// <summary>
/// SIGTERM to one of two silos while clients watch the tasks it hosts: the watchers are told to go elsewhere, resume
/// on the other silo by after_version with no gap, and the other silo takes the tasks on at once because the leaving
/// silo says it is leaving (not minutes later through missed probes).
/// </summary>
[Collection(AzureClusterCollection.Name)]
public sealed class SiloLeaveChaosTests(AzureClusterFixture fixture, ITestOutputHelper output)
{
    private const int Tasks = 12;

    private static readonly TimeSpan EndBound = TimeSpan.FromSeconds(35);

    // Probes slow enough that finding the leaving silo dead through them takes at least 45 s: a recovery well inside
    // EndBound can only come from the silo announcing that it leaves. A cluster of their own, so that silos killed by
    // earlier tests (still listed until probed dead) do not slow these two down.
    private readonly string[] _slowProbes =
    [
        "--Orleans:Membership:ProbeTimeout=00:00:15",
        "--Orleans:Membership:NumMissedProbesLimit=3",
        $"--Orleans:ClusterId=leave-{Guid.NewGuid():N}",
    ];
    [Fact]
    public async Task Sigterm_to_a_watched_silo_moves_its_watchers_to_the_other_with_no_gap_and_the_other_takes_over_at_once()
    {
        await using var leaving = await fixture.StartSiloAsync("leaving-watched", _slowProbes);
        await using var staying = await fixture.StartSiloAsync("staying-watched", _slowProbes);
        var key = await AzureClusterFixture.CreateAccountAsync(staying, 300);
        var viaLeaving = AzureClusterFixture.Client(leaving, key);
        var viaStaying = AzureClusterFixture.Client(staying, key);
        var before = await fixture.Simulator.GetStatsAsync();
        // Created through the leaving silo, so their grains live there.
        var created = await Task.WhenAll(Enumerable.Range(0, Tasks).Select(i =>
            viaLeaving.CreateImageAsync(new CreateImageRequest { Prompt = $"silo leaves {i}" }).ResponseAsync));
        var firstLegs = created.Select(t => WatchUntilEndedAsync(viaLeaving, t.Id)).ToArray();
        await Task.WhenAll(firstLegs.Select(leg => leg.FirstUpdate));

        var clock = Stopwatch.StartNew();
        await leaving.TerminateAsync(EndBound);
        var exited = clock.Elapsed;
        var legs = await Task.WhenAll(firstLegs.Select(leg => leg.Ended));
        var streamsEnded = clock.Elapsed;
        var resumed = await Task.WhenAll(created.Zip(legs).Select(pair =>
            viaStaying.WatchResumingAsync(pair.First.Id, EndBound, pair.Second.Updates[^1].Task.Version)));
        var allEnded = clock.Elapsed;

        output.WriteLine($"{Tasks} watched tasks: the leaving silo exited {exited.TotalSeconds:0.0} s after SIGTERM; its streams had ended by " +
            $"{streamsEnded.TotalSeconds:0.0} s; every task had ended on the other silo by {allEnded.TotalSeconds:0.0} s");
        Assert.All(legs, leg => Assert.Equal(StatusCode.Unavailable, leg.Status));
        Assert.True(allEnded < EndBound, $"the tasks ended {allEnded} after SIGTERM: the other silo found out through probes, not at once");
        foreach (var (leg, rest) in legs.Zip(resumed))
        {
            List<TaskUpdate> all = [.. leg.Updates, .. rest];
            Watching.AssertCompleteSequence(all, all[0].Task.Version);
            Assert.Equal(TaskStatus.Succeeded, all[^1].Task.Status);
        }

        Assert.Equal(Tasks, (await fixture.Simulator.GetStatsAsync()).TasksCreated - before.TasksCreated);
        var balance = await viaStaying.WaitForNoReservationsAsync(EndBound);
        Assert.Equal((0L, Tasks * 3L), (balance.Reserved, balance.Spent));
        Assert.Equal(balance.Granted, balance.Available + balance.Reserved + balance.Spent);
    }

    private sealed record Leg(List<TaskUpdate> Updates, StatusCode Status);

    private sealed record Watch(Task FirstUpdate, Task<Leg> Ended);

    /// <summary>A WatchTask stream read until it ends, however it ends.</summary>
    private static Watch WatchUntilEndedAsync(Contracts.V1.ImageGrid.ImageGridClient client, string taskId)
    {
        var first = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return new Watch(first.Task, ReadAsync());

        async Task<Leg> ReadAsync()
        {
            var updates = new List<TaskUpdate>();
            using var call = client.WatchTask(new WatchTaskRequest { TaskId = taskId }, deadline: DateTime.UtcNow + EndBound + EndBound);
            try
            {
                await foreach (var update in call.ResponseStream.ReadAllAsync())
                {
                    updates.Add(update);
                    first.TrySetResult();
                }

                return new Leg(updates, StatusCode.OK);
            }
            catch (RpcException e)
            {
                first.TrySetException(e);
                return new Leg(updates, e.StatusCode);
            }
        }
    }
}
