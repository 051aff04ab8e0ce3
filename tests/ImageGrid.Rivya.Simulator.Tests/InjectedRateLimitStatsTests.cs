using System.Net;
using System.Text.Json;
using ImageGrid.Rivya.Simulator.Tests.Infrastructure;

namespace ImageGrid.Rivya.Simulator.Tests;

public sealed class InjectedRateLimitStatsTests(SimulatorFixture simulator) : IClassFixture<SimulatorFixture>
{
    private const string Key = SimulatorFixture.KeyA;
    private readonly SimulatorClient client = simulator.Client;

    [Fact]
    public async Task Injected_rate_limits_are_counted_apart_from_the_limiters_refusals()
    {
        var task = await client.CreateTaskAsync(Key, TaskRequests.Minimal(TaskRequests.UniquePrompt("injected 429")));
        var id = task.GetProperty("id").GetString()!;
        await client.AddFaultAsync(new { endpoint = "get", kind = "rate_limit", count = 2, taskId = id });
        var before = await client.StatsAsync();

        using var first = await client.GetTaskResponseAsync(Key, id);
        using var second = await client.GetTaskResponseAsync(Key, id);
        using var third = await client.GetTaskResponseAsync(Key, id);
        var after = await client.StatsAsync();

        Assert.Equal(
            [HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests, HttpStatusCode.OK],
            new[] { first.StatusCode, second.StatusCode, third.StatusCode });
        Assert.Equal(2, Delta(before, after, "injectedRateLimitedRequests"));
        Assert.Equal(0, Delta(before, after, "rateLimitedRequests"));
        Assert.Equal(3, Delta(before, after, "pollRequests"));
        Assert.True(after.GetProperty("busiestSecond").GetProperty("requests").GetInt64() >= 1);
    }

    private static long Delta(JsonElement before, JsonElement after, string property) =>
        after.GetProperty(property).GetInt64() - before.GetProperty(property).GetInt64();
}
