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
    public async Task HttpErrorAnswersItsStatusForCountRequestsWithoutCreating()
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
    public async Task CreateFaultOnlyHitsPromptsThatContainItsText()
    {
        var targeted = TaskRequests.UniquePrompt("targeted");
        await client.AddFaultAsync(new { endpoint = "create", kind = "http_error", status = 500, promptContains = targeted });

        var untouched = await client.CreateTaskAsync(Key, TaskRequests.Minimal(TaskRequests.UniquePrompt("bystander")));
        using var hit = await client.PostTaskAsync(Key, TaskRequests.Minimal(targeted));

        Assert.Equal("queued", untouched.GetProperty("status").GetString());
        await SimulatorCalls.ReadErrorAsync(hit, HttpStatusCode.InternalServerError, "internal");
    }

    [Fact]
    public async Task RateLimitFaultAnswers429WithRetryAfterForTheTargetedTask()
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
    public async Task LatencyFaultDelaysThenAnswersNormally()
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
    public async Task DroppedResponseStillCreatesExactlyOneTaskThatARetryFinds()
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
    public async Task FilesFaultAnswersItsStatus()
    {
        await client.AddFaultAsync(new { endpoint = "files", kind = "http_error", status = 502 });
        using var form = FileUploadTests.Form(FileUploadTests.PngBytes(), "image/png");

        using var response = await client.UploadAsync(Key, form);

        await SimulatorCalls.ReadErrorAsync(response, HttpStatusCode.BadGateway, "internal");
    }

    [Fact]
    public async Task ClearedFaultsNoLongerApply()
    {
        var prompt = TaskRequests.UniquePrompt("was faulty");
        await client.AddFaultAsync(new { endpoint = "create", kind = "http_error", promptContains = prompt });

        using var cleared = await client.Http.DeleteAsync(new Uri("/_sim/faults", UriKind.Relative));
        var task = await client.CreateTaskAsync(Key, TaskRequests.Minimal(prompt));

        Assert.Equal(HttpStatusCode.NoContent, cleared.StatusCode);
        Assert.Equal("queued", task.GetProperty("status").GetString());
    }

    [Fact]
    public async Task InvalidFaultIsRefusedNamingEachField()
    {
        using var response = await client.Http.PostAsJsonAsync(
            new Uri("/_sim/faults", UriKind.Relative),
            new { endpoint = "get", kind = "drop_response", count = 0 });

        var fields = await SimulatorCalls.ReadErrorAsync(response, HttpStatusCode.BadRequest, "validation_failed");

        Assert.Equal(["count", "kind"], fields);
    }
}
