using System.Text.Json;
using ImageGrid.Rivya.Simulator.Tests.Infrastructure;

namespace ImageGrid.Rivya.Simulator.Tests;

/// <summary>Each task's phase durations, read from its timeline in the control API, follow its resolution's settings.</summary>
public sealed class TaskDurationTests(DurationsFixture simulator) : IClassFixture<DurationsFixture>
{
    private const string Key = SimulatorFixture.KeyA;
    private readonly SimulatorClient client = simulator.Client;

    [Fact]
    public async Task Resolution_without_settings_gets_the_fixed_durations()
    {
        var (queued, running) = await CreateAndMeasureAsync(TaskRequests.Minimal(TaskRequests.UniquePrompt("plain"), resolution: "1K"));

        Assert.Equal(SimulatorFixture.Queued, queued);
        Assert.Equal(SimulatorFixture.Running, running);
    }

    [Fact]
    public async Task Resolution_with_zero_spread_gets_its_medians_exactly()
    {
        for (var i = 0; i < 5; i++)
        {
            var (queued, running) = await CreateAndMeasureAsync(TaskRequests.Minimal(TaskRequests.UniquePrompt("fixed 2K"), resolution: "2K"));

            Assert.Equal(DurationsFixture.TwoKQueued, queued);
            Assert.Equal(DurationsFixture.TwoKRunning, running);
        }
    }

    [Fact]
    public async Task Resolution_with_spread_draws_each_tasks_own_durations()
    {
        var drawn = new List<(TimeSpan Queued, TimeSpan Running)>();
        for (var i = 0; i < 20; i++)
        {
            drawn.Add(await CreateAndMeasureAsync(TaskRequests.Minimal(TaskRequests.UniquePrompt("drawn 4K"), resolution: "4K")));
        }

        Assert.True(drawn.Select(d => d.Queued).Distinct().Count() > 15, $"queued: {string.Join(", ", drawn.Select(d => d.Queued))}");
        Assert.True(drawn.Select(d => d.Running).Distinct().Count() > 15, $"running: {string.Join(", ", drawn.Select(d => d.Running))}");
        Assert.All(drawn, d => Assert.True(d.Queued > TimeSpan.Zero && d.Running > TimeSpan.Zero));
    }

    [Fact]
    public async Task Scripted_durations_stay_exact_under_a_spread()
    {
        var prompt = TaskRequests.UniquePrompt("scripted 4K");
        await client.AddScriptAsync(new { promptContains = prompt, queuedMs = 1234, runningMs = 567 });

        var (queued, running) = await CreateAndMeasureAsync(TaskRequests.Minimal(prompt, resolution: "4K"));

        Assert.Equal(TimeSpan.FromMilliseconds(1234), queued);
        Assert.Equal(TimeSpan.FromMilliseconds(567), running);
    }

    private async Task<(TimeSpan Queued, TimeSpan Running)> CreateAndMeasureAsync(System.Text.Json.Nodes.JsonNode body)
    {
        var task = await client.CreateTaskAsync(Key, body);
        var inspection = await client.GetControlAsync($"/_sim/tasks/{task.GetProperty("id").GetString()}");
        var createdAt = Time(inspection, "createdAt");
        var runningAt = Time(inspection, "runningAt");
        return (runningAt - createdAt, Time(inspection, "finishedAt") - runningAt);
    }

    private static DateTimeOffset Time(JsonElement inspection, string property) => inspection.GetProperty(property).GetDateTimeOffset();
}
