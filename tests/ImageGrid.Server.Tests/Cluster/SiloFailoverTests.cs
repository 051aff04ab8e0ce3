using Grpc.Core;
using ImageGrid.Contracts.V1;
using ImageGrid.Server.Tests.Infrastructure;
using TaskStatus = ImageGrid.Contracts.V1.TaskStatus;

namespace ImageGrid.Server.Tests.Cluster;

/// <summary>Each test starts its own silos of one shared Azure Storage cluster id; tests run one at a time.</summary>
[Collection(AzureClusterCollection.Name)]
public sealed class SiloFailoverTests(AzureClusterFixture fixture)
{
    [Fact]
    public async Task Killing_the_silo_that_hosts_twenty_tasks_loses_nothing()
    {
        await using var doomed = await fixture.StartSiloAsync("doomed");
        await using var survivor = await fixture.StartSiloAsync("survivor");
        var key = await AzureClusterFixture.CreateAccountAsync(survivor, 300);
        var viaDoomed = AzureClusterFixture.Client(doomed, key);
        var viaSurvivor = AzureClusterFixture.Client(survivor, key);
        var before = await fixture.Simulator.GetStatsAsync();
        var balanceBefore = await viaSurvivor.GetBalanceAsync(new GetBalanceRequest());

        var created = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            viaDoomed.CreateImageAsync(new CreateImageRequest { Prompt = $"failover {i}" }).ResponseAsync));
        var watchedOnSurvivor = created.Take(5).Select(t => viaSurvivor.WatchToEndAsync(t.Id)).ToArray();
        // Written by the watch's reader while this test reads it.
        var doomedUpdates = new System.Collections.Concurrent.ConcurrentQueue<TaskUpdate>();
        var doomedWatch = viaDoomed.WatchToEndAsync(created[5].Id, onUpdate: doomedUpdates.Enqueue);
        await WaitUntilAsync(() => !doomedUpdates.IsEmpty);
        await doomed.KillAsync();

        await Assert.ThrowsAsync<RpcException>(() => doomedWatch);
        var onDoomed = doomedUpdates.ToArray();
        var resumed = await viaSurvivor.WatchToEndAsync(created[5].Id, afterVersion: onDoomed[^1].Task.Version);
        Watching.AssertCompleteSequence([.. onDoomed, .. resumed], onDoomed[0].Task.Version);
        foreach (var updates in await Task.WhenAll(watchedOnSurvivor))
        {
            Watching.AssertCompleteSequence(updates, updates[0].Task.Version);
        }

        var finals = await Task.WhenAll(created.Select(t => viaSurvivor.WatchToEndAsync(t.Id)));
        Assert.All(finals, updates => Assert.Equal(TaskStatus.Succeeded, updates[^1].Task.Status));
        Assert.Equal(20, (await fixture.Simulator.GetStatsAsync()).TasksCreated - before.TasksCreated);
        foreach (var task in created)
        {
            Assert.Equal(1, (await fixture.Simulator.FindByClientRequestIdAsync(task.Id))!.CreateRequests);
        }

        var balance = await WaitForSettledAsync(viaSurvivor, balanceBefore.Spent + 60);
        Assert.Equal(balance.Granted, balance.Available + balance.Reserved + balance.Spent);
        Assert.Equal(0, balance.Reserved);
    }

    [Fact]
    public async Task After_a_full_cluster_restart_every_task_resumes_by_its_reminder_with_no_client_call()
    {
        var first = await fixture.StartSiloAsync("first-life");
        var key = await AzureClusterFixture.CreateAccountAsync(first, 300);
        var client = AzureClusterFixture.Client(first, key);
        var balanceBefore = await client.GetBalanceAsync(new GetBalanceRequest());
        var created = await Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
            client.CreateImageAsync(new CreateImageRequest { Prompt = $"restart {i}" }).ResponseAsync));
        await first.KillAsync();
        await first.DisposeAsync();

        await using var second = await fixture.StartSiloAsync("second-life");
        var afterRestart = AzureClusterFixture.Client(second, key);

        // Only the account is read while waiting: no task grain is called, so only reminders can finish the tasks.
        var balance = await WaitForSettledAsync(afterRestart, balanceBefore.Spent + 30, TimeSpan.FromMinutes(4));
        Assert.Equal(0, balance.Reserved);
        var tasks = await Task.WhenAll(created.Select(t => afterRestart.GetTaskAsync(new GetTaskRequest { TaskId = t.Id }).ResponseAsync));
        Assert.All(tasks, t => Assert.Equal(TaskStatus.Succeeded, t.Status));
    }

    [Fact]
    public async Task A_graceful_shutdown_under_load_fails_calls_only_retryably_and_duplicates_no_create()
    {
        await using var leaving = await fixture.StartSiloAsync("leaving");
        await using var staying = await fixture.StartSiloAsync("staying");
        var key = await AzureClusterFixture.CreateAccountAsync(staying, 300);
        var clients = new[] { AzureClusterFixture.Client(leaving, key), AzureClusterFixture.Client(staying, key) };
        var before = await fixture.Simulator.GetStatsAsync();
        var statuses = new System.Collections.Concurrent.ConcurrentBag<StatusCode>();
        var taskIds = new System.Collections.Concurrent.ConcurrentDictionary<string, string>();

        // Each caller retries a failed create with the same client_request_id, as a well-behaved client does.
        async Task CallerAsync(int caller)
        {
            for (var i = 0; i < 8; i++)
            {
                var requestId = $"caller-{caller}-{i}";
                for (var attempt = 0; attempt < 20; attempt++)
                {
                    var client = clients[(caller + attempt) % 2];
                    try
                    {
                        var task = await client.CreateImageAsync(
                            new CreateImageRequest { Prompt = $"shutdown load {caller} {i}", ClientRequestId = requestId },
                            deadline: DateTime.UtcNow.AddSeconds(30));
                        Assert.Equal(taskIds.GetOrAdd(requestId, task.Id), task.Id);
                        break;
                    }
                    catch (RpcException e)
                    {
                        statuses.Add(e.StatusCode);
                        await Task.Delay(100);
                    }
                }
            }
        }

        var load = Task.WhenAll(Enumerable.Range(0, 6).Select(CallerAsync));
        await WaitUntilAsync(() => !taskIds.IsEmpty);
        await leaving.TerminateAsync(TimeSpan.FromSeconds(60));
        await load;

        Assert.Equal(48, taskIds.Count);
        Assert.All(statuses, code => Assert.Contains(code, new[] { StatusCode.Unavailable, StatusCode.Cancelled, StatusCode.DeadlineExceeded }));
        Assert.Equal(48, (await fixture.Simulator.GetStatsAsync()).TasksCreated - before.TasksCreated);
        foreach (var id in taskIds.Values)
        {
            Assert.Equal(1, (await fixture.Simulator.FindByClientRequestIdAsync(id))!.CreateRequests);
        }
    }

    private static async Task<Balance> WaitForSettledAsync(Contracts.V1.ImageGrid.ImageGridClient client, long spent, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromMinutes(2));
        while (true)
        {
            var balance = await client.GetBalanceAsync(new GetBalanceRequest());
            if (balance.Spent >= spent || DateTime.UtcNow > deadline)
            {
                Assert.Equal(spent, balance.Spent);
                return balance;
            }

            await Task.Delay(500);
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Watching.Timeout;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting for the condition");
            await Task.Delay(50);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class AzureClusterCollection : ICollectionFixture<AzureClusterFixture>
{
    public const string Name = "azure-cluster";
}
