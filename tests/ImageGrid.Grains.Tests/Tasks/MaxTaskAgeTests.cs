using static ImageGrid.Grains.Tests.Tasks.TaskDriving;

namespace ImageGrid.Grains.Tests.Tasks;

/// <summary>Task grains whose tasks may live two seconds (Polling:MaxTaskAge).</summary>
public sealed class ShortLivedTaskClusterFixture : TaskClusterFixture
{
    public static readonly TimeSpan MaxTaskAge = TimeSpan.FromSeconds(2);

    protected override void ConfigurePolling(TaskPollingOptions options) => options.MaxTaskAge = MaxTaskAge;
}

[CollectionDefinition(Name)]
public sealed class ShortLivedTaskClusterCollection : ICollectionFixture<ShortLivedTaskClusterFixture>
{
    public const string Name = "Short-lived task cluster";
}

/// <summary>A task still unfinished at Polling:MaxTaskAge ends FAILED deadline_exceeded, its credits released, its polling stopped.</summary>
[Collection(ShortLivedTaskClusterCollection.Name)]
public sealed class MaxTaskAgeTests(ShortLivedTaskClusterFixture fixture)
{
    [Fact]
    public async Task A_task_rivya_never_finishes_ends_failed_deadline_exceeded_and_is_polled_no_more()
    {
        var marker = $"never finishes {Guid.NewGuid():N}";
        await fixture.AddScriptAsync(new { promptContains = marker, queuedMs = 600_000 });
        var account = await fixture.NewAccountAsync(30);
        var grain = fixture.Client.GetGrain<ITaskGrain>(NewTaskId());

        await grain.StartAsync(Submission(account, marker));
        var versions = await WatchToEndAsync(grain, EndBound);
        var pollsAtEnd = await fixture.PollsOfAsync(grain.GetPrimaryKeyString());
        // Several poll intervals (50-200 ms): a task still being polled would be polled again within this.
        await Task.Delay(TimeSpan.FromSeconds(1));

        var end = versions[^1];
        Assert.Equal((ImageTaskStatus.Failed, TaskFailureCodes.DeadlineExceeded), (end.Status, end.Progress.Error?.Code));
        Assert.True(end.Progress.UpdatedAt - end.CreatedAt >= ShortLivedTaskClusterFixture.MaxTaskAge);
        Assert.NotEqual("", end.Progress.RivyaTaskId);
        Assert.Equal(pollsAtEnd, await fixture.PollsOfAsync(grain.GetPrimaryKeyString()));
        await EventuallyAsync(async () => (await account.GetBalanceAsync()).Reserved == 0, EndBound, "the reservation is released");
        Assert.Equal((30L, 0L), ((await account.GetBalanceAsync()).Available, (await account.GetBalanceAsync()).Spent));
    }

    [Fact]
    public async Task A_task_rivya_never_accepts_ends_failed_deadline_exceeded_with_its_credits_released()
    {
        var marker = $"never accepted {Guid.NewGuid():N}";
        await fixture.AddFaultAsync(new { endpoint = "create", kind = "http_error", status = 503, count = 100_000, promptContains = marker });
        var account = await fixture.NewAccountAsync(30);
        var grain = fixture.Client.GetGrain<ITaskGrain>(NewTaskId());

        var started = await grain.StartAsync(Submission(account, marker));
        var versions = await WatchToEndAsync(grain, EndBound);

        Assert.Equal(ImageTaskStatus.Submitting, started.Task!.Status);
        var end = versions[^1];
        Assert.Equal((ImageTaskStatus.Failed, TaskFailureCodes.DeadlineExceeded, ""), (end.Status, end.Progress.Error?.Code, end.Progress.RivyaTaskId));
        await EventuallyAsync(async () => (await account.GetBalanceAsync()).Reserved == 0, EndBound, "the reservation is released");
        Assert.Equal(0, (await account.GetBalanceAsync()).Spent);
    }
}
