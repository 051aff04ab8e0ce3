using ImageGrid.Contracts.V1;
using ImageGrid.Server.Tests.Infrastructure;
using TaskStatus = ImageGrid.Contracts.V1.TaskStatus;

namespace ImageGrid.Server.Tests.Integration;

[Collection(ImageGridCollection.Name)]
public sealed class EndToEndTests(ImageGridFixture fixture)
{
    private const string SeedPrompt = "A clean editorial product image on a soft studio background";

    [Theory]
    [InlineData("1:1", "1K", 1024, 1024)]
    [InlineData("16:9", "2K", 2048, 1152)]
    [InlineData("3:4", "1K", 768, 1024)]
    public async Task The_seed_request_streams_queued_running_succeeded_and_yields_a_png_of_the_asked_size(string aspectRatio, string resolution, int width, int height)
    {
        var client = fixture.Client();

        var created = await client.CreateImageAsync(new CreateImageRequest
        {
            Model = "gpt-image-2",
            Prompt = SeedPrompt,
            Params = new ImageParams { AspectRatio = aspectRatio, Resolution = resolution },
        });
        var updates = await client.WatchToEndAsync(created.Id);

        Assert.Equal(TaskStatus.Queued, created.Status);
        Assert.StartsWith("task_", created.RivyaTaskId);
        Assert.Equal(3, created.ReservedCredits);
        Watching.AssertCompleteSequence(updates, created.Version);
        // Rivya's phases last 0.3 s and 0.6 s here and polls go around their learned ends: on a loaded machine a late poll
        // may find the task already done, so RUNNING is streamed whenever a poll saw it (every recorded version is, above).
        Assert.Contains(string.Join(" ", updates.Select(u => u.Task.Status)), new[] { "Queued Running Succeeded", "Queued Succeeded" });
        var done = updates[^1].Task;
        Assert.Equal(3, done.FinalCredits);
        var image = Assert.Single(done.Images);
        Assert.Equal((width, height, "image/png"), (image.Width, image.Height, image.MimeType));
        Assert.Equal((width, height), Png.Size(await fixture.Simulator.DownloadAsync(image.Url)));
    }

    [Fact]
    public async Task Defaults_are_applied_and_returned_when_the_caller_leaves_them_out()
    {
        var created = await fixture.Client().CreateImageAsync(new CreateImageRequest { Prompt = SeedPrompt });

        Assert.Equal("gpt-image-2", created.Model);
        Assert.Equal("1:1", created.Params.AspectRatio);
        Assert.Equal("1K", created.Params.Resolution);
        Assert.True(created.Version >= 2, "SUBMITTING is version 1, Rivya's acknowledgement comes after it");
    }

    [Fact]
    public async Task A_watcher_that_joins_after_the_end_gets_the_terminal_snapshot_and_ok()
    {
        var client = fixture.Client();
        var created = await client.CreateImageAsync(new CreateImageRequest { Prompt = SeedPrompt });
        var first = await client.WatchToEndAsync(created.Id);

        var late = await client.WatchToEndAsync(created.Id);

        var only = Assert.Single(late);
        Assert.Equal(TaskStatus.Succeeded, only.Task.Status);
        Assert.Equal(first[^1].Task.Version, only.Task.Version);
        Assert.Equal(TaskStatus.Unspecified, only.PreviousStatus);
    }

    [Fact]
    public async Task Watching_after_a_version_sends_every_later_version_and_nothing_before()
    {
        var client = fixture.Client();
        var created = await client.CreateImageAsync(new CreateImageRequest { Prompt = SeedPrompt });
        var all = await client.WatchToEndAsync(created.Id);

        var resumed = await client.WatchToEndAsync(created.Id, afterVersion: 1);
        var pastTheEnd = await client.WatchToEndAsync(created.Id, afterVersion: all[^1].Task.Version);

        Watching.AssertCompleteSequence(resumed, 2);
        Assert.Equal(TaskStatus.Submitting, resumed[0].PreviousStatus);
        Assert.Empty(pastTheEnd);
    }

    [Fact]
    public async Task GetTask_returns_the_task_as_it_is_now()
    {
        var client = fixture.Client();
        var created = await client.CreateImageAsync(new CreateImageRequest { Prompt = SeedPrompt, ClientRequestId = "trace-42" });
        var final = (await client.WatchToEndAsync(created.Id))[^1].Task;

        var fetched = await client.GetTaskAsync(new GetTaskRequest { TaskId = created.Id });

        Assert.Equal(final, fetched);
        Assert.Equal("trace-42", fetched.ClientRequestId);
        Assert.Equal(SeedPrompt, fetched.Prompt);
        Assert.True(fetched.UpdatedAt.ToDateTimeOffset() >= fetched.CreatedAt.ToDateTimeOffset());
    }
}
