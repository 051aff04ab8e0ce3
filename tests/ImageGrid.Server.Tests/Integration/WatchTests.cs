using ImageGrid.Contracts.V1;
using ImageGrid.Grains;
using ImageGrid.Server.Diagnostics;
using ImageGrid.Server.Tests.Infrastructure;
using Orleans.Core.Internal;
using Microsoft.Extensions.DependencyInjection;
using TaskStatus = ImageGrid.Contracts.V1.TaskStatus;

namespace ImageGrid.Server.Tests.Integration;

[Collection(ImageGridCollection.Name)]
public sealed class WatchTests(ImageGridFixture fixture)
{
    [Fact]
    public async Task Fifty_watchers_of_one_task_cause_a_single_poller_toward_rivya_and_share_one_grain_subscription()
    {
        var marker = $"fan-out {Guid.NewGuid():N}";
        // The task lives 5.5 s so that all fifty streams open while it does on a busy machine (one opened after its end
        // would need a subscription of its own).
        await fixture.Simulator.AddScriptAsync(new { promptContains = marker, outcome = "succeeded", queuedMs = 500, runningMs = 5000 });
        var client = fixture.Client();
        using var subscriptions = new MetricCounter(WatchMetrics.MeterName, "imagegrid.watch.task_subscriptions", fixture.Server.Services);

        var created = await client.CreateImageAsync(new CreateImageRequest { Prompt = marker });
        var streams = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => client.WatchToEndAsync(created.Id)));

        foreach (var updates in streams)
        {
            Watching.AssertCompleteSequence(updates, updates[0].Task.Version);
            Assert.Equal(TaskStatus.Succeeded, updates[^1].Task.Status);
        }

        var upstream = await fixture.Simulator.FindByClientRequestIdAsync(created.Id);
        Assert.NotNull(upstream);
        Assert.Equal(1, upstream.CreateRequests);
        // Fifty pollers would have made at least fifty requests; one makes a few over the task's 5.5 seconds.
        Assert.InRange(upstream.Polls, 1, 49);
        // The fifty streams were served by one subscription to the task grain (subscriptions of earlier tests that
        // were still closing can only count down).
        Assert.Equal(1, subscriptions.Increments);
    }

    [Fact]
    public async Task A_watcher_resuming_from_an_old_version_alongside_live_watchers_gets_every_later_version_once()
    {
        var marker = $"resume {Guid.NewGuid():N}";
        await fixture.Simulator.AddScriptAsync(new { promptContains = marker, outcome = "succeeded", queuedMs = 3000, runningMs = 1000 });
        var client = fixture.Client();
        var created = await client.CreateImageAsync(new CreateImageRequest { Prompt = marker });
        var firstLive = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var live = client.WatchToEndAsync(created.Id, onUpdate: _ => firstLive.TrySetResult());
        await firstLive.Task.WaitAsync(Watching.Timeout);

        // The live stream's shared subscription opened at version 2 (queued); version 2 as a successor of version 1
        // (with its previous status) is not something it holds.
        var resumed = await client.WatchToEndAsync(created.Id, afterVersion: 1);
        var liveUpdates = await live;

        Assert.Equal(2, created.Version);
        Watching.AssertCompleteSequence(liveUpdates, 2);
        Watching.AssertCompleteSequence(resumed, 2);
        Assert.Equal((TaskStatus.Queued, TaskStatus.Submitting), (resumed[0].Task.Status, resumed[0].PreviousStatus));
        Assert.Equal(TaskStatus.Succeeded, resumed[^1].Task.Status);
    }

    [Fact]
    public async Task A_task_grain_deactivated_mid_task_still_completes_and_every_watcher_sees_every_version_once()
    {
        var marker = $"deactivate {Guid.NewGuid():N}";
        // RUNNING lasts 10 s: the deactivation must land within it on a busy machine.
        await fixture.Simulator.AddScriptAsync(new { promptContains = marker, outcome = "succeeded", queuedMs = 300, runningMs = 10_000 });
        var client = fixture.Client();
        using var resubscriptions = new MetricCounter(WatchMetrics.MeterName, "imagegrid.watch.resubscriptions", fixture.Server.Services);
        var created = await client.CreateImageAsync(new CreateImageRequest { Prompt = marker });
        var running = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        // From version 1 on, so that every watcher gets QUEUED however late it starts (a cold server can take longer than
        // the queued phase to open the streams).
        var watchers = Enumerable.Range(0, 5)
            .Select(_ => client.WatchToEndAsync(created.Id, afterVersion: 1, onUpdate: u =>
            {
                if (u.Task.Status == TaskStatus.Running)
                {
                    running.TrySetResult();
                }
            }))
            .ToArray();
        await running.Task.WaitAsync(Watching.Timeout);
        var grains = fixture.Server.Services.GetRequiredService<IGrainFactory>();
        await grains.GetGrain<ITaskGrain>(created.Id).AsReference<IGrainManagementExtension>().DeactivateOnIdle();
        var streams = await Task.WhenAll(watchers);

        foreach (var updates in streams)
        {
            Watching.AssertCompleteSequence(updates, 2);
            Assert.Equal([TaskStatus.Queued, TaskStatus.Running, TaskStatus.Succeeded], updates.Select(u => u.Task.Status));
        }

        // The five streams share one subscription to the grain, which re-subscribed for all of them.
        Assert.True(resubscriptions.Total >= 1, $"expected the shared subscription to re-subscribe; saw {resubscriptions.Total}");
        var upstream = await fixture.Simulator.FindByClientRequestIdAsync(created.Id);
        Assert.Equal(1, upstream!.CreateRequests);
    }
}
