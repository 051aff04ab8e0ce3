using Grpc.Core;
using ImageGrid.Contracts.V1;
using ImageGrid.Server.Tests.Infrastructure;
using TaskStatus = ImageGrid.Contracts.V1.TaskStatus;

namespace ImageGrid.Server.Tests.Integration;

[Collection(ImageGridCollection.Name)]
public sealed class AccountWatchTests(ImageGridFixture fixture)
{
    [Fact]
    public async Task The_account_stream_sees_every_transition_of_twenty_concurrent_tasks_in_order()
    {
        var account = await fixture.CreateAccountAsync(63);
        using var stream = account.Client.WatchTasks(new WatchTasksRequest(), deadline: DateTime.UtcNow + Watching.Timeout);
        // The stream is live once it carries a first task's first version.
        var sentinel = await account.Client.CreateImageAsync(new CreateImageRequest { Prompt = "sentinel" });
        Assert.True(await stream.ResponseStream.MoveNext());
        Assert.Equal(sentinel.Id, stream.ResponseStream.Current.Task.Id);

        var created = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            account.Client.CreateImageAsync(new CreateImageRequest { Prompt = $"concurrent {i}" }).ResponseAsync));
        var byTask = new Dictionary<string, List<TaskUpdate>>();
        var finished = 0;
        while (finished < created.Length && await stream.ResponseStream.MoveNext())
        {
            var update = stream.ResponseStream.Current;
            if (update.Task.Id == sentinel.Id)
            {
                continue;
            }

            if (!byTask.TryGetValue(update.Task.Id, out var updates))
            {
                byTask[update.Task.Id] = updates = [];
            }

            updates.Add(update);
            if (update.Task.Status.IsTerminal())
            {
                finished++;
            }
        }

        Assert.Equal(created.Select(t => t.Id).Order(), byTask.Keys.Order());
        foreach (var updates in byTask.Values)
        {
            Watching.AssertCompleteSequence(updates, 1);
            Assert.Equal(TaskStatus.Submitting, updates[0].Task.Status);
            Assert.Equal(TaskStatus.Succeeded, updates[^1].Task.Status);
            Assert.Equal(updates.Select(u => u.Task.Status).Order(), updates.Select(u => u.Task.Status));
        }
    }

    [Fact]
    public async Task The_account_stream_starts_with_the_unfinished_tasks()
    {
        var account = await fixture.CreateAccountAsync(30);
        var marker = $"slow {Guid.NewGuid():N}";
        await fixture.Simulator.AddScriptAsync(new { promptContains = marker, outcome = "succeeded", queuedMs = 3000, runningMs = 300 });
        var slow = await account.Client.CreateImageAsync(new CreateImageRequest { Prompt = marker });

        using var stream = account.Client.WatchTasks(new WatchTasksRequest(), deadline: DateTime.UtcNow + Watching.Timeout);
        Assert.True(await stream.ResponseStream.MoveNext());

        var first = stream.ResponseStream.Current;
        Assert.Equal(slow.Id, first.Task.Id);
        Assert.False(first.Task.Status.IsTerminal());
    }
}
