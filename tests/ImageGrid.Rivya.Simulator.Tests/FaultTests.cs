using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using ImageGrid.Rivya.Simulator.Tests.Infrastructure;

namespace ImageGrid.Rivya.Simulator.Tests;

public sealed class FaultTests(SimulatorFixture simulator) : IClassFixture<SimulatorFixture>
{
    private const string Key = SimulatorFixture.KeyA;
    private readonly SimulatorClient client = simulator.Client;

    [Fact]
    public async Task Http_error_answers_its_status_for_count_requests_without_creating()
    {
        var prompt = TaskRequests.UniquePrompt("flaky upstream");
        var clientRequestId = $"ig-{Guid.NewGuid():N}";
        await client.AddFaultAsync(new { endpoint = "create", kind = "http_error", status = 503, count = 2, promptContains = prompt });
        var body = TaskRequests.Minimal(prompt, clientRequestId: clientRequestId);

        using var first = await client.PostTaskAsync(Key, body);
        using var second = await client.PostTaskAsync(Key, body);
        using var lookup = await client.Http.GetAsync(new Uri($"/_sim/tasks?clientRequestId={clientRequestId}", UriKind.Relative));
        var third = await client.CreateTaskAsync(Key, body);

        await SimulatorCalls.ReadErrorAsync(first, HttpStatusCode.ServiceUnavailable, "internal");
        await SimulatorCalls.ReadErrorAsync(second, HttpStatusCode.ServiceUnavailable, "internal");
        Assert.Equal(HttpStatusCode.NotFound, lookup.StatusCode);
        Assert.Equal("queued", third.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Create_fault_only_hits_prompts_that_contain_its_text()
    {
        var targeted = TaskRequests.UniquePrompt("targeted");
        await client.AddFaultAsync(new { endpoint = "create", kind = "http_error", status = 500, promptContains = targeted });

        var untouched = await client.CreateTaskAsync(Key, TaskRequests.Minimal(TaskRequests.UniquePrompt("bystander")));
        using var hit = await client.PostTaskAsync(Key, TaskRequests.Minimal(targeted));

        Assert.Equal("queued", untouched.GetProperty("status").GetString());
        await SimulatorCalls.ReadErrorAsync(hit, HttpStatusCode.InternalServerError, "internal");
    }

    [Fact]
    public async Task Rate_limit_fault_answers_429_with_retry_after_for_the_targeted_task()
    {
        var task = await client.CreateTaskAsync(Key, TaskRequests.Minimal());
        var id = task.GetProperty("id").GetString()!;
        await client.AddFaultAsync(new { endpoint = "get", kind = "rate_limit", retryAfterSeconds = 3, taskId = id });

        using var limited = await client.GetTaskResponseAsync(Key, id);
        using var next = await client.GetTaskResponseAsync(Key, id);

        await SimulatorCalls.ReadErrorAsync(limited, HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.Equal(TimeSpan.FromSeconds(3), limited.Headers.RetryAfter?.Delta);
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
    }

    [Fact]
    public async Task Latency_fault_delays_then_answers_normally()
    {
        var task = await client.CreateTaskAsync(Key, TaskRequests.Minimal());
        var id = task.GetProperty("id").GetString()!;
        await client.AddFaultAsync(new { endpoint = "get", kind = "latency", latencyMs = 400, taskId = id });

        var clock = Stopwatch.StartNew();
        using var delayed = await client.GetTaskResponseAsync(Key, id);
        clock.Stop();

        var body = await SimulatorCalls.ReadJsonAsync(delayed, HttpStatusCode.OK);
        Assert.Equal(id, body.GetProperty("id").GetString());
        // A lower bound only: the delay must have happened; how much longer a busy machine took does not matter.
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(350), $"Answered after {clock.Elapsed}.");
    }

    [Fact]
    public async Task Dropped_response_still_creates_exactly_one_task_that_a_retry_finds()
    {
        var prompt = TaskRequests.UniquePrompt("lost answer");
        var clientRequestId = $"ig-{Guid.NewGuid():N}";
        var body = TaskRequests.Minimal(prompt, clientRequestId: clientRequestId);
        await client.AddFaultAsync(new { endpoint = "create", kind = "drop_response", promptContains = prompt });
        var statsBefore = await client.StatsAsync();

        await Assert.ThrowsAsync<HttpRequestException>(() => client.PostTaskAsync(Key, body));
        var created = await client.FindTaskByClientRequestIdAsync(clientRequestId);
        var retried = await client.CreateTaskAsync(Key, body);

        Assert.Equal(created.GetProperty("id").GetString(), retried.GetProperty("id").GetString());
        var statsAfter = await client.StatsAsync();
        Assert.Equal(1, statsAfter.GetProperty("tasksCreated").GetInt64() - statsBefore.GetProperty("tasksCreated").GetInt64());
        Assert.Equal(2, (await client.FindTaskByClientRequestIdAsync(clientRequestId)).GetProperty("createRequests").GetInt32());
    }

    [Fact]
    public async Task Files_fault_answers_its_status()
    {
        await client.AddFaultAsync(new { endpoint = "files", kind = "http_error", status = 502 });
        using var form = FileUploadTests.Form(FileUploadTests.PngBytes(), "image/png");

        using var response = await client.UploadAsync(Key, form);

        await SimulatorCalls.ReadErrorAsync(response, HttpStatusCode.BadGateway, "internal");
    }

    [Fact]
    public async Task Cleared_faults_no_longer_apply()
    {
        var prompt = TaskRequests.UniquePrompt("was faulty");
        await client.AddFaultAsync(new { endpoint = "create", kind = "http_error", promptContains = prompt });

        using var cleared = await client.Http.DeleteAsync(new Uri("/_sim/faults", UriKind.Relative));
        var task = await client.CreateTaskAsync(Key, TaskRequests.Minimal(prompt));

        Assert.Equal(HttpStatusCode.NoContent, cleared.StatusCode);
        Assert.Equal("queued", task.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Invalid_fault_is_refused_naming_each_field()
    {
        using var response = await client.Http.PostAsJsonAsync(
            new Uri("/_sim/faults", UriKind.Relative),
            new { endpoint = "get", kind = "drop_response", count = 0 });

        var fields = await SimulatorCalls.ReadErrorAsync(response, HttpStatusCode.BadRequest, "validation_failed");

        Assert.Equal(["count", "kind"], fields);
    }
}
