using ImageGrid.Contracts.V1;
using ImageGrid.Server.Tests.Infrastructure;
using TaskStatus = ImageGrid.Contracts.V1.TaskStatus;

namespace ImageGrid.Server.Tests.Integration;

/// <summary>
/// Rivya's Retry-After holds the task's next request, whichever path sends it (the create call's own retries or the
/// background submit after the acknowledgement deadline), up to Rivya:MaxRetryAfter.
/// </summary>
[Collection(ShortDeadlineCollection.Name)]
public sealed class RetryAfterTests(ShortDeadlineFixture fixture)
{
    [Fact]
    public async Task A_retry_after_longer_than_the_submit_deadline_holds_every_later_create_request()
    {
        // Two 429s asking for 2 s each: the deadline (1 s) passes during the first wait, so the second and third
        // requests go from the background submit. Neither may go before its Retry-After is over.
        var elapsed = await CreateThroughRateLimitsAsync(retryAfterSeconds: 2, count: 2);

        Assert.True(elapsed >= TimeSpan.FromSeconds(4), $"the task was created after {elapsed}, before two 2 s Retry-After waits were over");
    }

    [Fact]
    public async Task A_retry_after_beyond_the_limit_is_waited_for_the_limit()
    {
        var elapsed = await CreateThroughRateLimitsAsync(retryAfterSeconds: 120, count: 1);

        Assert.True(elapsed >= ShortDeadlineFixture.MaxRetryAfter, $"the second create request went after {elapsed}, before Rivya:MaxRetryAfter");
        Assert.True(elapsed < TimeSpan.FromSeconds(60), $"the task waited {elapsed}, as long as Rivya's 120 s instead of the 3 s limit");
    }

    /// <summary>Creates a task whose first <paramref name="count"/> create requests Rivya answers 429; the time until it was created.</summary>
    private async Task<TimeSpan> CreateThroughRateLimitsAsync(int retryAfterSeconds, int count)
    {
        var marker = $"rate limited {Guid.NewGuid():N}";
        await fixture.Simulator.AddFaultAsync(new { endpoint = "create", kind = "rate_limit", retryAfterSeconds, count, promptContains = marker });
        var client = fixture.Client();

        var created = await client.CreateImageAsync(new CreateImageRequest { Prompt = marker });
        var updates = await client.WatchToEndAsync(created.Id);
        var queued = updates.First(u => u.Task.Status != TaskStatus.Submitting);
        var elapsed = queued.Task.UpdatedAt.ToDateTimeOffset() - created.CreatedAt.ToDateTimeOffset();

        Assert.Equal(TaskStatus.Submitting, created.Status);
        Assert.Equal(TaskStatus.Succeeded, updates[^1].Task.Status);
        return elapsed;
    }
}
