using Grpc.Core;
using ImageGrid.Contracts.V1;
using ImageGrid.Server.Tests.Infrastructure;
using TaskStatus = ImageGrid.Contracts.V1.TaskStatus;

namespace ImageGrid.Server.Tests.Integration;

[Collection(SmallWatchBufferCollection.Name)]
public sealed class SlowAccountWatcherTests(SmallWatchBufferFixture fixture)
{
    [Fact]
    public async Task A_consumer_that_stops_reading_is_ended_with_resource_exhausted_while_tasks_and_other_watchers_go_on()
    {
        var account = await fixture.CreateAccountAsync(300);
        using var slow = account.Client.WatchTasks(new WatchTasksRequest(), deadline: DateTime.UtcNow + Watching.Timeout);
        var sentinel = await account.Client.CreateImageAsync(new CreateImageRequest { Prompt = "sentinel" });
        Assert.True(await slow.ResponseStream.MoveNext());
        Assert.Equal(sentinel.Id, slow.ResponseStream.Current.Task.Id);

        // Large updates fill the transport's flow-control window, so the unread stream backs up into its buffer.
        var prompt = new string('p', 20000);
        var created = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => account.Client.CreateImageAsync(new CreateImageRequest { Prompt = prompt }).ResponseAsync));
        var finals = await Task.WhenAll(created.Select(t => account.Client.WatchToEndAsync(t.Id)));

        var received = 0;
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            while (await slow.ResponseStream.MoveNext())
            {
                received++;
            }
        });

        Assert.All(finals, updates => Assert.Equal(TaskStatus.Succeeded, updates[^1].Task.Status));
        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        Assert.Contains("call WatchTasks again", error.Status.Detail, StringComparison.OrdinalIgnoreCase);
        Assert.True(received < created.Length * 4, $"the slow stream should have been cut short; it delivered {received} updates");
    }
}
