using ImageGrid.Grains.Accounts;
using ImageGrid.Grains.TaskIndex;
using ImageGrid.Grains.Tests.Accounts;
using ImageGrid.Grains.Tests.Storage;
using static ImageGrid.Grains.Tests.Tasks.TaskDriving;

namespace ImageGrid.Grains.Tests.Tasks;

/// <summary>
/// Storage that fails for a while and then recovers, at each write of a task's life: the task is driven to its end by
/// itself once storage answers again, its credits are settled exactly once and the account's index has its end.
/// </summary>
[Collection(TaskClusterCollection.Name)]
public sealed class StorageOutageTests(TaskClusterFixture fixture)
{
    /// <summary>Failed writes to wait for before storage recovers: the task kept trying through the outage.</summary>
    private const int FailedWrites = 3;

    /// <summary>How long a scripted task stays QUEUED and then RUNNING at Rivya.</summary>
    private const int PhaseMs = 1_500;

    public static TheoryData<string, WriteFault> TaskWrites()
    {
        var data = new TheoryData<string, WriteFault>();
        foreach (var write in new[] { "queued", "running", "succeeded" })
        {
            data.Add(write, WriteFault.BeforeStoring);
            data.Add(write, WriteFault.AfterStoring);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(TaskWrites))]
    public async Task A_task_whose_write_fails_for_a_while_finishes_once_storage_recovers(string write, WriteFault fault)
    {
        // Rivya's phases last long enough that a poll sees each one on a busy machine: with the fixture's 300 ms a late
        // poll can go from QUEUED straight to SUCCEEDED, and the RUNNING write this case fails would never be made.
        var marker = $"outage-{Guid.NewGuid():N}";
        await fixture.AddScriptAsync(new { promptContains = marker, queuedMs = PhaseMs, runningMs = PhaseMs });
        var account = await fixture.NewAccountAsync(30);
        var grain = fixture.Client.GetGrain<ITaskGrain>(NewTaskId());
        var taskRecord = grain.GetGrainId();
        var status = write switch
        {
            "queued" => ImageTaskStatus.Queued,
            "running" => ImageTaskStatus.Running,
            _ => ImageTaskStatus.Succeeded,
        };
        using var outage = fixture.Storage.BeginOutage(
            (_, id, state) => id == taskRecord && state is TaskState { Current.Status: var stored } && stored == status, fault);

        var started = await grain.StartAsync(Submission(account, $"a lighthouse at dawn {marker}"));
        var watching = WatchToEndAsync(grain, EndBound);
        await outage.WaitForFailuresAsync(fault == WriteFault.BeforeStoring ? FailedWrites : 1, EndBound);
        outage.Dispose();

        Assert.NotNull(started.Task);
        await AssertFinishedAsync(account, grain, await watching);
    }

    [Theory]
    [InlineData(WriteFault.BeforeStoring)]
    [InlineData(WriteFault.AfterStoring)]
    public async Task A_failed_first_write_leaves_no_broken_task_and_a_repeated_start_runs_it(WriteFault fault)
    {
        var account = await fixture.NewAccountAsync(30);
        var grain = fixture.Client.GetGrain<ITaskGrain>(NewTaskId());
        var taskRecord = grain.GetGrainId();
        var outage = fixture.Storage.BeginOutage((_, id, state) => id == taskRecord && state is TaskState { History.Count: 1 }, fault);

        await Assert.ThrowsAsync<OrleansException>(() => grain.StartAsync(Submission(account)));
        var afterFailure = await grain.GetAsync();
        outage.Dispose();
        // The client repeats the create (same client_request_id, so the same task id) until it is answered.
        TaskStartResult? started = null;
        await EventuallyAsync(async () =>
        {
            try
            {
                started = await grain.StartAsync(Submission(account));
                return true;
            }
            catch (OrleansException)
            {
                return false;
            }
        }, EndBound, "the repeated start is answered");

        if (fault == WriteFault.BeforeStoring)
        {
            Assert.Null(afterFailure);
        }

        Assert.NotNull(started!.Task);
        await AssertFinishedAsync(account, grain, await WatchToEndAsync(grain, EndBound));
    }

    [Fact]
    public async Task A_task_whose_account_cannot_store_the_settlement_for_a_while_settles_once_it_can()
    {
        var account = await fixture.NewAccountAsync(30);
        var grain = fixture.Client.GetGrain<ITaskGrain>(NewTaskId());
        var accountId = account.GetPrimaryKeyString();
        await grain.StartAsync(Submission(account));
        using var outage = fixture.Storage.BeginOutage((stateName, id, _) => stateName is not ("task" or "index") && id.ToString().Contains(accountId, StringComparison.Ordinal));

        await outage.WaitForFailuresAsync(FailedWrites, EndBound);
        outage.Dispose();

        await AssertFinishedAsync(account, grain, await WatchToEndAsync(grain, EndBound));
    }

    [Fact]
    public async Task A_task_whose_index_cannot_store_its_versions_for_a_while_reaches_the_index_once_it_can()
    {
        var account = await fixture.NewAccountAsync(30);
        var grain = fixture.Client.GetGrain<ITaskGrain>(NewTaskId());
        var accountId = account.GetPrimaryKeyString();
        using var outage = fixture.Storage.BeginOutage((stateName, id, _) => stateName == "index" && id.ToString().Contains(accountId, StringComparison.Ordinal));

        await grain.StartAsync(Submission(account));
        var versions = await WatchToEndAsync(grain, EndBound);
        await outage.WaitForFailuresAsync(FailedWrites, EndBound);
        outage.Dispose();

        await AssertFinishedAsync(account, grain, versions);
    }

    [Fact]
    public async Task A_poll_that_throws_what_nothing_expects_does_not_stop_the_task()
    {
        var account = await fixture.NewAccountAsync(30);
        var grain = fixture.Client.GetGrain<ITaskGrain>(NewTaskId());
        var brokenBefore = fixture.Rivya.BrokenPolls;
        fixture.Rivya.BreakNextPolls(FailedWrites);

        await grain.StartAsync(Submission(account));
        var versions = await WatchToEndAsync(grain, EndBound);

        Assert.Equal(FailedWrites, fixture.Rivya.BrokenPolls - brokenBefore);
        await AssertFinishedAsync(account, grain, versions);
    }

    /// <summary>
    /// The task succeeded with one Rivya task, the watcher missed no version, the reservation is settled (reserved back
    /// to 0, the price spent, the ledger balanced) and the account's index lists the task as succeeded.
    /// </summary>
    private async Task AssertFinishedAsync(IAccountGrain account, ITaskGrain grain, IReadOnlyList<TaskSnapshot> versions)
    {
        AssertCompleteSequence(versions);
        Assert.Equal(ImageTaskStatus.Succeeded, versions[^1].Status);
        var taskId = grain.GetPrimaryKeyString();
        var rivyaTaskId = await fixture.RivyaTaskIdOfAsync(taskId);
        Assert.NotNull(rivyaTaskId);
        Assert.All(versions.Skip(1), v => Assert.Equal(rivyaTaskId, v.Progress.RivyaTaskId));

        await EventuallyAsync(async () => (await account.GetBalanceAsync()).Reserved == 0, EndBound, "the reservation is settled");
        var balance = await account.GetBalanceAsync();
        Assert.Equal((30L, 0L, 3L), (balance.Granted, balance.Reserved, balance.Spent));

        var index = fixture.Client.GetGrain<IAccountTasksGrain>(account.GetPrimaryKeyString());
        await EventuallyAsync(async () => (await index.ListAsync(ImageTaskStatus.Succeeded, null, 10)).TaskIds.Contains(taskId), EndBound,
            "the account's index lists the task as succeeded");
    }
}
