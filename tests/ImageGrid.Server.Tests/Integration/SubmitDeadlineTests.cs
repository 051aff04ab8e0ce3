using ImageGrid.Contracts.V1;
using ImageGrid.Server.Tests.Infrastructure;
using TaskStatus = ImageGrid.Contracts.V1.TaskStatus;

namespace ImageGrid.Server.Tests.Integration;

[Collection(ShortDeadlineCollection.Name)]
public sealed class SubmitDeadlineTests(ShortDeadlineFixture fixture)
{
    [Fact]
    public async Task Failures_that_outlast_the_deadline_return_the_task_submitting_and_it_completes_in_the_background()
    {
        var marker = $"outage {Guid.NewGuid():N}";
        await fixture.Simulator.AddFaultAsync(new { endpoint = "create", kind = "http_error", status = 503, count = 8, promptContains = marker });
        var before = await fixture.Simulator.GetStatsAsync();
        var client = fixture.Client();

        var created = await client.CreateImageAsync(new CreateImageRequest { Prompt = marker });
        var updates = await client.WatchToEndAsync(created.Id);

        Assert.Equal(TaskStatus.Submitting, created.Status);
        Assert.Equal(1, created.Version);
        Assert.Equal("", created.RivyaTaskId);
        Watching.AssertCompleteSequence(updates, updates[0].Task.Version);
        var done = updates[^1].Task;
        Assert.Equal(TaskStatus.Succeeded, done.Status);
        var after = await fixture.Simulator.GetStatsAsync();
        Assert.Equal(1, after.TasksCreated - before.TasksCreated);
        Assert.Equal(done.RivyaTaskId, (await fixture.Simulator.FindByClientRequestIdAsync(created.Id))!.Id);
    }

    [Fact]
    public async Task Answers_lost_again_and_again_after_rivya_acted_still_leave_exactly_one_rivya_task()
    {
        var marker = $"lossy network {Guid.NewGuid():N}";
        await fixture.Simulator.AddFaultAsync(new { endpoint = "create", kind = "drop_response", count = 5, promptContains = marker });
        var before = await fixture.Simulator.GetStatsAsync();
        var client = fixture.Client();

        var created = await client.CreateImageAsync(new CreateImageRequest { Prompt = marker });
        var updates = await client.WatchToEndAsync(created.Id);

        var done = updates[^1].Task;
        Assert.Equal(TaskStatus.Succeeded, done.Status);
        var upstream = await fixture.Simulator.FindByClientRequestIdAsync(created.Id);
        Assert.Equal(6, upstream!.CreateRequests);
        Assert.Equal(done.RivyaTaskId, upstream.Id);
        Assert.Equal(1, (await fixture.Simulator.GetStatsAsync()).TasksCreated - before.TasksCreated);
    }
}
