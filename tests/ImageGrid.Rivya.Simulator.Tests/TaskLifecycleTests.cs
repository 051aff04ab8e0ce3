using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using ImageGrid.Rivya.Simulator.Tests.Infrastructure;

namespace ImageGrid.Rivya.Simulator.Tests;

public sealed partial class TaskLifecycleTests(SimulatorFixture simulator) : IClassFixture<SimulatorFixture>
{
    private const string Key = SimulatorFixture.KeyA;
    private readonly SimulatorClient client = simulator.Client;

    [Fact]
    public async Task Seed_minimal_request_is_answered_with_a_queued_task_in_the_seed_shape()
    {
        var task = await client.CreateTaskAsync(Key, TaskRequests.Minimal());

        Assert.Equal(
            ["id", "status", "model", "reserved_credits", "final_credits", "created_at", "updated_at", "result", "error"],
            task.EnumerateObject().Select(property => property.Name));
        Assert.Matches(TaskIdPattern(), task.GetProperty("id").GetString());
        Assert.Equal("queued", task.GetProperty("status").GetString());
        Assert.Equal("gpt-image-2", task.GetProperty("model").GetString());
        Assert.Equal(3, task.GetProperty("reserved_credits").GetInt32());
        Assert.Equal(0, task.GetProperty("final_credits").GetInt32());
        Assert.Matches(TimestampPattern(), task.GetProperty("created_at").GetString());
        Assert.Equal(task.GetProperty("created_at").GetString(), task.GetProperty("updated_at").GetString());
        Assert.Equal(JsonValueKind.Null, task.GetProperty("result").ValueKind);
        Assert.Equal(JsonValueKind.Null, task.GetProperty("error").ValueKind);
    }

    [Fact]
    public async Task Task_goes_from_queued_through_running_to_succeeded()
    {
        var created = await client.CreateTaskAsync(Key, TaskRequests.Minimal());
        var id = created.GetProperty("id").GetString()!;

        var (task, seen) = await client.WaitForStatusAsync(Key, id, "succeeded");

        string[] order = ["queued", "running", "succeeded"];
        Assert.Equal(seen, seen.OrderBy(status => Array.IndexOf(order, status)));
        Assert.All(seen, status => Assert.Contains(status, order));
        Assert.Equal(3, task.GetProperty("final_credits").GetInt32());
        Assert.Equal(JsonValueKind.Null, task.GetProperty("error").ValueKind);
        var image = Assert.Single(task.GetProperty("result").GetProperty("images").EnumerateArray());
        Assert.Equal($"{simulator.BaseAddress.GetLeftPart(UriPartial.Authority)}/results/{id}/0.png", image.GetProperty("url").GetString());
        Assert.Equal(1024, image.GetProperty("width").GetInt32());
        Assert.Equal(1024, image.GetProperty("height").GetInt32());
        Assert.Equal("image/png", image.GetProperty("mimeType").GetString());
        // updated_at is the time of the last change: creation + queued + running, whenever it is read.
        Assert.Equal(SimulatorFixture.Queued + SimulatorFixture.Running, Time(task, "updated_at") - Time(task, "created_at"));
    }

    [Fact]
    public async Task Scripted_durations_hold_a_task_in_each_phase()
    {
        var heldQueued = TaskRequests.UniquePrompt("held queued");
        var heldRunning = TaskRequests.UniquePrompt("held running");
        await client.AddScriptAsync(new { promptContains = heldQueued, queuedMs = 600_000 });
        await client.AddScriptAsync(new { promptContains = heldRunning, queuedMs = 0, runningMs = 600_000 });

        var queued = await client.CreateTaskAsync(Key, TaskRequests.Minimal(heldQueued));
        var running = await client.CreateTaskAsync(Key, TaskRequests.Minimal(heldRunning));

        var (queuedNow, _) = await client.WaitForStatusAsync(Key, queued.GetProperty("id").GetString()!, "queued");
        var (runningNow, _) = await client.WaitForStatusAsync(Key, running.GetProperty("id").GetString()!, "running");
        Assert.Equal("running", running.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, queuedNow.GetProperty("result").ValueKind);
        Assert.Equal(0, runningNow.GetProperty("final_credits").GetInt32());
        Assert.Equal(Time(runningNow, "created_at"), Time(runningNow, "updated_at"));
    }

    [Theory]
    [InlineData("1:1", "1K", 1024, 1024)]
    [InlineData("auto", "1K", 1024, 1024)]
    [InlineData("16:9", "1K", 1024, 576)]
    [InlineData("9:16", "1K", 576, 1024)]
    [InlineData("4:3", "1K", 1024, 768)]
    [InlineData("3:4", "2K", 1536, 2048)]
    [InlineData("1:1", "2K", 2048, 2048)]
    [InlineData("16:9", "4K", 4096, 2304)]
    public async Task Result_image_is_a_real_png_of_the_assumed_size(string aspectRatio, string resolution, int width, int height)
    {
        var created = await client.CreateTaskAsync(Key, TaskRequests.Minimal(aspectRatio: aspectRatio, resolution: resolution));
        var (task, _) = await client.WaitForStatusAsync(Key, created.GetProperty("id").GetString()!, "succeeded");
        var image = task.GetProperty("result").GetProperty("images")[0];
        Assert.Equal(width, image.GetProperty("width").GetInt32());
        Assert.Equal(height, image.GetProperty("height").GetInt32());

        using var response = await client.Http.GetAsync(new Uri(image.GetProperty("url").GetString()!));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        var png = PngInspector.Inspect(await response.Content.ReadAsByteArrayAsync());

        Assert.Equal((width, height), (png.Width, png.Height));
        Assert.Equal((8, 2), (png.BitDepth, png.ColorType));
        Assert.Contains("IDAT", png.ChunkTypes);
        Assert.Equal((long)height * (1 + (3 * width)), png.DecompressedLength);
    }

    [Fact]
    public async Task Result_image_is_not_found_before_the_task_succeeds()
    {
        var prompt = TaskRequests.UniquePrompt("not yet done");
        await client.AddScriptAsync(new { promptContains = prompt, queuedMs = 600_000 });
        var task = await client.CreateTaskAsync(Key, TaskRequests.Minimal(prompt));

        using var response = await client.Http.GetAsync(new Uri($"/results/{task.GetProperty("id").GetString()}/0.png", UriKind.Relative));

        await SimulatorCalls.ReadErrorAsync(response, HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Poll_counters_count_status_reads_per_task_and_in_total()
    {
        var statsBefore = await client.StatsAsync();
        var task = await client.CreateTaskAsync(Key, TaskRequests.Minimal());
        var id = task.GetProperty("id").GetString()!;

        for (var poll = 0; poll < 3; poll++)
        {
            using var response = await client.GetTaskResponseAsync(Key, id);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var inspection = await client.GetControlAsync($"/_sim/tasks/{id}");
        var statsAfter = await client.StatsAsync();
        Assert.Equal(id, inspection.GetProperty("id").GetString());
        Assert.Equal(3, inspection.GetProperty("polls").GetInt32());
        Assert.Equal(1, inspection.GetProperty("createRequests").GetInt32());
        Assert.False(inspection.TryGetProperty("apiKey", out _));
        Assert.Equal(3, statsAfter.GetProperty("pollRequests").GetInt64() - statsBefore.GetProperty("pollRequests").GetInt64());
        Assert.Equal(1, statsAfter.GetProperty("createRequests").GetInt64() - statsBefore.GetProperty("createRequests").GetInt64());
        Assert.Equal(1, statsAfter.GetProperty("tasksCreated").GetInt64() - statsBefore.GetProperty("tasksCreated").GetInt64());
    }

    [Fact]
    public async Task Control_api_answers_not_found_for_an_unknown_task()
    {
        using var response = await client.Http.GetAsync(new Uri("/_sim/tasks/task_00000000000000000000000000000000", UriKind.Relative));

        await SimulatorCalls.ReadErrorAsync(response, HttpStatusCode.NotFound, "not_found");
    }

    private static DateTimeOffset Time(JsonElement task, string property) =>
        DateTimeOffset.Parse(task.GetProperty(property).GetString()!, CultureInfo.InvariantCulture);

    [GeneratedRegex("^task_[0-9a-f]{32}$")]
    private static partial Regex TaskIdPattern();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")]
    private static partial Regex TimestampPattern();
}
