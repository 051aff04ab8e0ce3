using ImageGrid.Rivya.Tests.Infrastructure;

namespace ImageGrid.Rivya.Tests.Budget;

/// <summary>
/// A request waiting its turn in the budget is not a slow Rivya: with many tasks in flight on a small budget a poll may
/// wait far longer than a request may take, and must still go when its turn comes.
/// </summary>
public sealed class BudgetWaitTests
{
    [Fact]
    public async Task Polls_that_wait_for_a_permit_longer_than_the_request_timeout_still_reach_rivya()
    {
        await using var rivya = await ScriptedRivya.StartAsync((context, _) => Answers.Json(context, 200, Answers.TaskJson("task_1", "queued")));
        await using var sut = TestClient.Create(rivya.Url, options =>
        {
            options.RequestsPerSecond = 1;
            options.Burst = 1;
            options.TotalRequestTimeout = TimeSpan.FromSeconds(1);
            options.AttemptTimeout = TimeSpan.FromSeconds(1);
        });

        // The first poll takes the burst's permit (and warms the connection); the next three get one a second each.
        await sut.Client.GetTaskAsync("task_1", CancellationToken.None);
        var waiting = Enumerable.Range(0, 3).Select(_ => sut.Client.GetTaskAsync("task_1", CancellationToken.None)).ToList();
        var answered = await Task.WhenAll(waiting).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.All(answered, task => Assert.Equal("queued", task.Status));
        Assert.Equal(4, rivya.Requests.Count);
    }

    [Fact]
    public async Task A_poll_cancelled_while_it_waits_for_a_permit_never_reaches_rivya()
    {
        await using var rivya = await ScriptedRivya.StartAsync((context, _) => Answers.Json(context, 200, Answers.TaskJson("task_1", "queued")));
        await using var sut = TestClient.Create(rivya.Url, options =>
        {
            options.RequestsPerSecond = 0.1;
            options.Burst = 1;
        });
        await sut.Client.GetTaskAsync("task_1", CancellationToken.None);

        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sut.Client.GetTaskAsync("task_1", cancel.Token));

        Assert.Single(rivya.Requests);
    }
}
