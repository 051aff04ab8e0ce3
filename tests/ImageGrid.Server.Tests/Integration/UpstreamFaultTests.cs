using ImageGrid.Contracts.V1;
using ImageGrid.Server.Tests.Infrastructure;
using TaskStatus = ImageGrid.Contracts.V1.TaskStatus;

namespace ImageGrid.Server.Tests.Integration;

[Collection(ImageGridCollection.Name)]
public sealed class UpstreamFaultTests(ImageGridFixture fixture)
{
    [Fact]
    public async Task A_response_lost_after_rivya_created_the_task_leaves_exactly_one_rivya_task()
    {
        var marker = $"lost answer {Guid.NewGuid():N}";
        await fixture.Simulator.AddFaultAsync(new { endpoint = "create", kind = "drop_response", count = 1, promptContains = marker });
        var before = await fixture.Simulator.GetStatsAsync();

        var created = await fixture.Client().CreateImageAsync(new CreateImageRequest { Prompt = marker });

        var after = await fixture.Simulator.GetStatsAsync();
        var upstream = await fixture.Simulator.FindByClientRequestIdAsync(created.Id);
        // The retry may come after the simulated task has moved on: Rivya answers with the task as it is now.
        Assert.NotEqual(TaskStatus.Submitting, created.Status);
        Assert.NotEqual(TaskStatus.Failed, created.Status);
        Assert.Equal(1, after.TasksCreated - before.TasksCreated);
        Assert.Equal(created.RivyaTaskId, upstream!.Id);
        Assert.Equal(2, upstream.CreateRequests);
    }

    [Theory]
    [InlineData("rate_limit", 429, 1)]
    [InlineData("http_error", 503, 2)]
    public async Task A_transient_failure_during_create_is_retried_and_the_task_is_created_once(string kind, int status, int count)
    {
        var marker = $"{kind} during create {Guid.NewGuid():N}";
        await fixture.Simulator.AddFaultAsync(new { endpoint = "create", kind, status, retryAfterSeconds = 1, count, promptContains = marker });
        var before = await fixture.Simulator.GetStatsAsync();

        var created = await fixture.Client().CreateImageAsync(new CreateImageRequest { Prompt = marker });

        var after = await fixture.Simulator.GetStatsAsync();
        Assert.NotEqual(TaskStatus.Submitting, created.Status);
        Assert.Equal(1, after.TasksCreated - before.TasksCreated);
    }

    [Fact]
    public async Task Errors_and_rate_limits_while_polling_never_fail_the_task()
    {
        var marker = $"flaky polls {Guid.NewGuid():N}";
        await fixture.Simulator.AddScriptAsync(new { promptContains = marker, outcome = "succeeded", queuedMs = 300, runningMs = 1500 });
        var client = fixture.Client();
        var created = await client.CreateImageAsync(new CreateImageRequest { Prompt = marker });

        await fixture.Simulator.AddFaultAsync(new { endpoint = "get", kind = "http_error", status = 503, count = 4 });
        await fixture.Simulator.AddFaultAsync(new { endpoint = "get", kind = "rate_limit", retryAfterSeconds = 1, count = 2 });
        var updates = await client.WatchToEndAsync(created.Id);

        Watching.AssertCompleteSequence(updates, created.Version);
        Assert.Equal(TaskStatus.Succeeded, updates[^1].Task.Status);
        Assert.Single(updates[^1].Task.Images);
    }
}
