using Grpc.Core;
using ImageGrid.Contracts.V1;
using ImageGrid.Server.Tests.Infrastructure;
using TaskStatus = ImageGrid.Contracts.V1.TaskStatus;

namespace ImageGrid.Server.Tests.Integration;

[Collection(ImageGridCollection.Name)]
public sealed class RejectionTests(ImageGridFixture fixture)
{
    [Theory]
    [InlineData("validation_failed", StatusCode.InvalidArgument)]
    [InlineData("insufficient_credits", StatusCode.FailedPrecondition)]
    [InlineData("idempotency_conflict", StatusCode.AlreadyExists)]
    [InlineData("not_found", StatusCode.NotFound)]
    public async Task A_permanent_rejection_at_create_maps_to_its_status_and_leaves_the_task_failed(string rivyaCode, StatusCode expected)
    {
        var marker = $"rejected {Guid.NewGuid():N}";
        await fixture.Simulator.AddScriptAsync(new { promptContains = marker, rejectWith = rivyaCode });
        var client = fixture.Client();

        var error = await Assert.ThrowsAsync<RpcException>(() => client.CreateImageAsync(new CreateImageRequest { Prompt = marker }).ResponseAsync);

        Assert.Equal(expected, error.StatusCode);
        var taskId = error.Trailers.GetValue("imagegrid-task-id");
        Assert.NotNull(taskId);
        var task = await client.GetTaskAsync(new GetTaskRequest { TaskId = taskId });
        Assert.Equal(TaskStatus.Failed, task.Status);
        Assert.Equal(rivyaCode, task.Error.Code);
        Assert.Equal(0, task.FinalCredits);
    }

    [Fact]
    public async Task A_rejection_at_create_repeated_with_the_same_client_request_id_gets_the_same_status_and_task()
    {
        var marker = $"rejected twice {Guid.NewGuid():N}";
        await fixture.Simulator.AddScriptAsync(new { promptContains = marker, rejectWith = "validation_failed" });
        var client = fixture.Client();
        var request = new CreateImageRequest { Prompt = marker, ClientRequestId = $"rej-{Guid.NewGuid():N}" };

        var first = await Assert.ThrowsAsync<RpcException>(() => client.CreateImageAsync(request).ResponseAsync);
        var again = await Assert.ThrowsAsync<RpcException>(() => client.CreateImageAsync(request).ResponseAsync);

        Assert.Equal((StatusCode.InvalidArgument, StatusCode.InvalidArgument), (first.StatusCode, again.StatusCode));
        Assert.Equal(first.Trailers.GetValue("imagegrid-task-id"), again.Trailers.GetValue("imagegrid-task-id"));
    }

    [Fact]
    public async Task A_task_rivya_accepts_and_fails_before_the_create_returns_is_answered_ok_with_its_error_every_time()
    {
        var marker = $"fails at once {Guid.NewGuid():N}";
        await fixture.Simulator.AddScriptAsync(new
        {
            promptContains = marker, outcome = "failed", errorCode = "content_policy", errorMessage = "The prompt was refused.", queuedMs = 0, runningMs = 0,
        });
        var client = fixture.Client();
        var request = new CreateImageRequest { Prompt = marker, ClientRequestId = $"fast-{Guid.NewGuid():N}" };

        var created = await client.CreateImageAsync(request);
        var again = await client.CreateImageAsync(request);

        foreach (var task in new[] { created, again })
        {
            Assert.Equal(TaskStatus.Failed, task.Status);
            Assert.NotEqual("", task.RivyaTaskId);
            Assert.Equal(("content_policy", "The prompt was refused."), (task.Error.Code, task.Error.Message));
        }

        Assert.Equal(created.Id, again.Id);
    }

    [Fact]
    public async Task A_create_repeated_after_its_task_failed_later_is_answered_ok_with_the_failed_task()
    {
        var marker = $"fails later, asked again {Guid.NewGuid():N}";
        await fixture.Simulator.AddScriptAsync(new { promptContains = marker, outcome = "failed", errorCode = "content_policy", errorMessage = "Refused." });
        var client = fixture.Client();
        var request = new CreateImageRequest { Prompt = marker, ClientRequestId = $"later-{Guid.NewGuid():N}" };
        var created = await client.CreateImageAsync(request);
        await client.WatchToEndAsync(created.Id);

        var again = await client.CreateImageAsync(request);

        Assert.Equal((created.Id, TaskStatus.Failed, "content_policy"), (again.Id, again.Status, again.Error.Code));
    }

    [Fact]
    public async Task A_task_rivya_fails_ends_failed_with_rivyas_error_in_the_stream()
    {
        var marker = $"fails later {Guid.NewGuid():N}";
        await fixture.Simulator.AddScriptAsync(new { promptContains = marker, outcome = "failed", errorCode = "content_policy", errorMessage = "The prompt was refused." });
        var client = fixture.Client();

        var created = await client.CreateImageAsync(new CreateImageRequest { Prompt = marker });
        var updates = await client.WatchToEndAsync(created.Id);

        Watching.AssertCompleteSequence(updates, created.Version);
        var done = updates[^1].Task;
        Assert.Equal(TaskStatus.Failed, done.Status);
        Assert.Equal(("content_policy", "The prompt was refused."), (done.Error.Code, done.Error.Message));
        Assert.Empty(done.Images);
        Assert.Equal(0, done.FinalCredits);
    }
}
