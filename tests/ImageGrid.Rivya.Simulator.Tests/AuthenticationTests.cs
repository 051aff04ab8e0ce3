using System.Net;
using ImageGrid.Rivya.Simulator.Tests.Infrastructure;

namespace ImageGrid.Rivya.Simulator.Tests;

public sealed class AuthenticationTests(SimulatorFixture simulator) : IClassFixture<SimulatorFixture>
{
    private readonly SimulatorClient client = simulator.Client;

    [Theory]
    [InlineData(null)]
    [InlineData("not-a-configured-key")]
    public async Task Create_without_a_valid_key_is_unauthorized(string? apiKey)
    {
        using var response = await client.PostTaskAsync(apiKey, TaskRequests.Minimal());

        await SimulatorCalls.ReadErrorAsync(response, HttpStatusCode.Unauthorized, "unauthorized");
        Assert.Equal("Bearer", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
    }

    [Fact]
    public async Task Read_without_a_key_is_unauthorized_even_for_an_existing_task()
    {
        var task = await client.CreateTaskAsync(SimulatorFixture.KeyA, TaskRequests.Minimal());

        using var response = await client.GetTaskResponseAsync(apiKey: null, task.GetProperty("id").GetString()!);

        await SimulatorCalls.ReadErrorAsync(response, HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task Upload_without_a_key_is_unauthorized()
    {
        using var form = new MultipartFormDataContent();

        using var response = await client.UploadAsync(apiKey: null, form);

        await SimulatorCalls.ReadErrorAsync(response, HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task Basic_scheme_is_not_accepted()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/v1/tasks/task_x", UriKind.Relative));
        request.Headers.TryAddWithoutValidation("Authorization", $"Basic {SimulatorFixture.KeyA}");

        using var response = await client.Http.SendAsync(request);

        await SimulatorCalls.ReadErrorAsync(response, HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task Unknown_task_is_not_found()
    {
        using var response = await client.GetTaskResponseAsync(SimulatorFixture.KeyA, "task_00000000000000000000000000000000");

        await SimulatorCalls.ReadErrorAsync(response, HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Another_keys_task_is_not_found()
    {
        var task = await client.CreateTaskAsync(SimulatorFixture.KeyA, TaskRequests.Minimal());
        var id = task.GetProperty("id").GetString()!;

        using var stranger = await client.GetTaskResponseAsync(SimulatorFixture.KeyB, id);
        using var owner = await client.GetTaskResponseAsync(SimulatorFixture.KeyA, id);

        await SimulatorCalls.ReadErrorAsync(stranger, HttpStatusCode.NotFound, "not_found");
        Assert.Equal(HttpStatusCode.OK, owner.StatusCode);
    }

    [Fact]
    public async Task Control_api_needs_no_key()
    {
        await client.CreateTaskAsync(SimulatorFixture.KeyA, TaskRequests.Minimal());

        var stats = await client.StatsAsync();

        // Answered without a key, and with what the keyed API did.
        Assert.True(stats.GetProperty("createRequests").GetInt64() >= 1);
    }
}
