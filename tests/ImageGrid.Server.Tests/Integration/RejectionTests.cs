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
