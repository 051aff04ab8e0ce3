using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ImageGrid.Rivya.Simulator.Tests.Infrastructure;

namespace ImageGrid.Rivya.Simulator.Tests;

public sealed class ScriptTests(SimulatorFixture simulator) : IClassFixture<SimulatorFixture>
{
    private const string Key = SimulatorFixture.KeyA;
    private readonly SimulatorClient client = simulator.Client;

    [Fact]
    public async Task Scripted_failure_ends_with_its_error_and_no_result()
    {
        var prompt = TaskRequests.UniquePrompt("forbidden subject");
        await client.AddScriptAsync(new
        {
            promptContains = prompt,
            outcome = "failed",
            errorCode = "content_policy",
            errorMessage = "The prompt violates the content policy.",
        });

        var task = await client.CreateTaskAsync(Key, TaskRequests.Minimal(prompt));
        var (failed, seen) = await client.WaitForStatusAsync(Key, task.GetProperty("id").GetString()!, "failed");

        Assert.Equal("failed", seen[^1]);
        Assert.Equal(JsonValueKind.Null, failed.GetProperty("result").ValueKind);
        Assert.Equal("content_policy", failed.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal("The prompt violates the content policy.", failed.GetProperty("error").GetProperty("message").GetString());
        Assert.Equal(0, failed.GetProperty("final_credits").GetInt32());
        using var image = await client.Http.GetAsync(new Uri($"/results/{task.GetProperty("id").GetString()}/0.png", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, image.StatusCode);
    }

    [Fact]
    public async Task Skip_running_with_no_queue_finishes_at_creation()
    {
        var prompt = TaskRequests.UniquePrompt("instant");
        await client.AddScriptAsync(new { promptContains = prompt, queuedMs = 0, skipRunning = true });

        var task = await client.CreateTaskAsync(Key, TaskRequests.Minimal(prompt));

        Assert.Equal("succeeded", task.GetProperty("status").GetString());
        Assert.Equal(3, task.GetProperty("final_credits").GetInt32());
    }

    [Theory]
    [InlineData("validation_failed", HttpStatusCode.BadRequest)]
    [InlineData("insufficient_credits", HttpStatusCode.PaymentRequired)]
    [InlineData("not_found", HttpStatusCode.NotFound)]
    [InlineData("idempotency_conflict", HttpStatusCode.Conflict)]
    public async Task Rejection_answers_its_error_and_creates_nothing(string rejectWith, HttpStatusCode status)
    {
        var prompt = TaskRequests.UniquePrompt($"reject {rejectWith}");
        var clientRequestId = $"ig-{Guid.NewGuid():N}";
        await client.AddScriptAsync(new { promptContains = prompt, rejectWith });

        using var response = await client.PostTaskAsync(Key, TaskRequests.Minimal(prompt, clientRequestId: clientRequestId));

        await SimulatorCalls.ReadErrorAsync(response, status, rejectWith);
        using var lookup = await client.Http.GetAsync(new Uri($"/_sim/tasks?clientRequestId={clientRequestId}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, lookup.StatusCode);
    }

    [Fact]
    public async Task Cleared_scripts_no_longer_apply()
    {
        var prompt = TaskRequests.UniquePrompt("was rejected");
        await client.AddScriptAsync(new { promptContains = prompt, rejectWith = "validation_failed" });

        using var cleared = await client.Http.DeleteAsync(new Uri("/_sim/scripts", UriKind.Relative));
        var task = await client.CreateTaskAsync(Key, TaskRequests.Minimal(prompt));

        Assert.Equal(HttpStatusCode.NoContent, cleared.StatusCode);
        Assert.Equal("queued", task.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Script_without_prompt_contains_is_refused()
    {
        using var response = await client.Http.PostAsJsonAsync(new Uri("/_sim/scripts", UriKind.Relative), new { outcome = "failed" });

        await SimulatorCalls.ReadErrorAsync(response, HttpStatusCode.BadRequest, "validation_failed");
    }

    [Fact]
    public async Task Script_with_an_unknown_outcome_is_refused()
    {
        using var response = await client.Http.PostAsJsonAsync(
            new Uri("/_sim/scripts", UriKind.Relative),
            new { promptContains = "x", outcome = "exploded" });

        await SimulatorCalls.ReadErrorAsync(response, HttpStatusCode.BadRequest, "validation_failed");
    }
}
