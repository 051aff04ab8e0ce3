using System.Net;
using ImageGrid.Rivya.Simulator.Tests.Infrastructure;

namespace ImageGrid.Rivya.Simulator.Tests;

public sealed class RateLimitTests(TinyRateLimitFixture simulator) : IClassFixture<TinyRateLimitFixture>
{
    private readonly SimulatorClient client = simulator.Client;

    [Fact]
    public async Task Exhausted_bucket_answers_429_with_retry_after_for_that_key_only()
    {
        HttpResponseMessage? limited = null;
        // The bucket holds 2 and refills 1 a second; sending one after another empties it however slow the machine is.
        for (var attempt = 0; attempt < 50 && limited is null; attempt++)
        {
            var response = await client.GetTaskResponseAsync(SimulatorFixture.KeyA, "task_00000000000000000000000000000000");
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                limited = response;
            }
            else
            {
                Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
                response.Dispose();
            }
        }

        using var otherKey = await client.GetTaskResponseAsync(SimulatorFixture.KeyB, "task_00000000000000000000000000000000");

        Assert.NotNull(limited);
        using (limited)
        {
            await SimulatorCalls.ReadErrorAsync(limited, HttpStatusCode.TooManyRequests, "rate_limited");
            Assert.True(limited.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), $"Retry-After: {limited.Headers.RetryAfter}");
        }

        Assert.Equal(HttpStatusCode.NotFound, otherKey.StatusCode);
    }
}
