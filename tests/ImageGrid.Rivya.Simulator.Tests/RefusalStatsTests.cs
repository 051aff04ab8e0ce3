using System.Net;
using System.Text.Json;
using ImageGrid.Rivya.Simulator.Tests.Infrastructure;

namespace ImageGrid.Rivya.Simulator.Tests;

/// <summary>What /_sim/stats tells about requests the rate limiter refused and the busiest second.</summary>
public sealed class RefusalStatsTests(LowRateLimitFixture simulator) : IClassFixture<LowRateLimitFixture>
{
    private const int BatchSize = 25;
    private const int MaxBatches = 400;
    private const string MissingTask = "task_00000000000000000000000000000000";

    private readonly SimulatorClient client = simulator.Client;

    [Fact]
    public async Task Refused_count_equals_the_429s_seen_and_the_busiest_second_stays_within_the_limit()
    {
        var before = await client.StatsAsync();
        var admitted = 0;
        var refused = 0;
        // Concurrent batches empty the bucket within milliseconds; going on until two refills were admitted gives three
        // bursts, so at least one falls inside a single wall-clock second however the seconds cut them.
        for (var batch = 0; batch < MaxBatches && admitted < LowRateLimitFixture.Burst + (2 * LowRateLimitFixture.PermitsPerSecond); batch++)
        {
            var responses = await Task.WhenAll(Enumerable.Range(0, BatchSize).Select(_ => client.GetTaskResponseAsync(SimulatorFixture.KeyA, MissingTask)));
            foreach (var response in responses)
            {
                using (response)
                {
                    Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.TooManyRequests, $"got {(int)response.StatusCode}");
                    _ = response.StatusCode == HttpStatusCode.TooManyRequests ? refused++ : admitted++;
                }
            }
        }

        var after = await client.StatsAsync();
        var busiest = after.GetProperty("busiestSecond");
        var busiestWithRefused = after.GetProperty("busiestSecondWithRefused");

        Assert.True(refused > 0, "The limit was never reached.");
        Assert.Equal(refused, Count(after, "rateLimitedRequests") - Count(before, "rateLimitedRequests"));
        Assert.Equal(admitted, Count(after, "pollRequests") - Count(before, "pollRequests"));
        Assert.Equal(0, Count(after, "injectedRateLimitedRequests"));
        Assert.InRange(busiest.GetProperty("requests").GetInt64(), LowRateLimitFixture.Burst, LowRateLimitFixture.Burst + LowRateLimitFixture.PermitsPerSecond);
        Assert.True(busiestWithRefused.GetProperty("requests").GetInt64() > busiest.GetProperty("requests").GetInt64());
        Assert.Equal(0, busiest.GetProperty("startedAt").GetDateTimeOffset().Millisecond);
    }

    private static long Count(JsonElement stats, string property) => stats.GetProperty(property).GetInt64();
}
