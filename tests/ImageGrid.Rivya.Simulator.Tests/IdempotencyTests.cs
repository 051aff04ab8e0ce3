using System.Net;
using System.Text.Json.Nodes;
using ImageGrid.Rivya.Simulator.Tests.Infrastructure;

namespace ImageGrid.Rivya.Simulator.Tests;

public sealed class IdempotencyTests(SimulatorFixture simulator) : IClassFixture<SimulatorFixture>
{
    private readonly SimulatorClient client = simulator.Client;

    [Fact]
    public async Task Same_client_request_id_and_body_returns_the_same_task_and_charges_once()
    {
        var key = SimulatorFixture.SpareKeys[0];
        var clientRequestId = $"ig-{Guid.NewGuid():N}";
        var body = TaskRequests.Minimal(clientRequestId: clientRequestId);
        var creditsBefore = (await client.CreditsAsync(key)).GetProperty("available").GetInt64();

        var first = await client.CreateTaskAsync(key, body);
        // The same request with its keys in another order and other whitespace.
        var reordered = $$"""
            { "client_request_id": "{{clientRequestId}}",
              "params": { "resolution": "1K", "aspect_ratio": "1:1" },
              "prompt": "{{TaskRequests.SeedPrompt}}", "model": "gpt-image-2" }
            """;
        using var repeat = await client.PostTaskAsync(key, reordered);
        var second = await SimulatorCalls.ReadJsonAsync(repeat, HttpStatusCode.OK);

        Assert.Equal(first.GetProperty("id").GetString(), second.GetProperty("id").GetString());
        var inspection = await client.FindTaskByClientRequestIdAsync(clientRequestId);
        Assert.Equal(first.GetProperty("id").GetString(), inspection.GetProperty("id").GetString());
        Assert.Equal(clientRequestId, inspection.GetProperty("clientRequestId").GetString());
        Assert.Equal(2, inspection.GetProperty("createRequests").GetInt32());
        Assert.Equal(creditsBefore - 3, (await client.CreditsAsync(key)).GetProperty("available").GetInt64());
    }

    [Fact]
    public async Task Same_client_request_id_with_a_different_body_is_a_conflict()
    {
        var clientRequestId = $"ig-{Guid.NewGuid():N}";
        await client.CreateTaskAsync(SimulatorFixture.KeyA, TaskRequests.Minimal(clientRequestId: clientRequestId));

        using var response = await client.PostTaskAsync(
            SimulatorFixture.KeyA,
            TaskRequests.Minimal(aspectRatio: "16:9", clientRequestId: clientRequestId));

        await SimulatorCalls.ReadErrorAsync(response, HttpStatusCode.Conflict, "idempotency_conflict");
        var inspection = await client.FindTaskByClientRequestIdAsync(clientRequestId);
        Assert.Equal(1, inspection.GetProperty("createRequests").GetInt32());
    }

    [Fact]
    public async Task Client_request_ids_are_scoped_to_the_api_key()
    {
        var body = TaskRequests.Minimal(clientRequestId: $"ig-{Guid.NewGuid():N}");

        var mine = await client.CreateTaskAsync(SimulatorFixture.KeyA, body);
        var theirs = await client.CreateTaskAsync(SimulatorFixture.KeyB, body);

        Assert.NotEqual(mine.GetProperty("id").GetString(), theirs.GetProperty("id").GetString());
    }

    [Fact]
    public async Task Without_a_client_request_id_every_create_makes_a_new_task()
    {
        var body = TaskRequests.Minimal();

        var first = await client.CreateTaskAsync(SimulatorFixture.KeyA, body);
        var second = await client.CreateTaskAsync(SimulatorFixture.KeyA, body);

        Assert.NotEqual(first.GetProperty("id").GetString(), second.GetProperty("id").GetString());
    }

    [Fact]
    public async Task Concurrent_repeats_create_exactly_one_task()
    {
        var clientRequestId = $"ig-{Guid.NewGuid():N}";
        JsonNode body = TaskRequests.Minimal(clientRequestId: clientRequestId);

        var tasks = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => client.CreateTaskAsync(SimulatorFixture.KeyA, body.DeepClone())));

        Assert.Single(tasks.Select(task => task.GetProperty("id").GetString()).Distinct());
        var inspection = await client.FindTaskByClientRequestIdAsync(clientRequestId);
        Assert.Equal(8, inspection.GetProperty("createRequests").GetInt32());
    }

    [Fact]
    public async Task Lookup_of_an_unused_client_request_id_is_not_found()
    {
        using var response = await client.Http.GetAsync(new Uri("/_sim/tasks?clientRequestId=never-used", UriKind.Relative));

        await SimulatorCalls.ReadErrorAsync(response, HttpStatusCode.NotFound, "not_found");
    }
}
