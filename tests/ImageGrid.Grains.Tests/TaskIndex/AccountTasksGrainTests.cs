using ImageGrid.Grains.TaskIndex;
using ImageGrid.Grains.Tests.Accounts;
using Orleans.Runtime;
using Orleans.Storage;

namespace ImageGrid.Grains.Tests.TaskIndex;

public sealed class AccountTasksGrainTests(AccountClusterFixture fixture) : IClassFixture<AccountClusterFixture>
{
    private static TaskSnapshot Snapshot(string taskId, long version, ImageTaskStatus status) => new()
    {
        TaskId = taskId,
        AccountId = "acct",
        Request = new ImageRequest { Model = "gpt-image-2", Prompt = "p" },
        Progress = new TaskProgress { Version = version, Status = status },
    };

    [Fact]
    public async Task Lists_newest_first_with_a_status_filter_and_ignores_stale_versions()
    {
        var index = fixture.Client.GetGrain<IAccountTasksGrain>($"acct-{Guid.NewGuid():N}");
        await index.PublishAsync([Snapshot("tsk_01", 1, ImageTaskStatus.Submitting)]);
        await index.PublishAsync([Snapshot("tsk_02", 1, ImageTaskStatus.Submitting)]);
        await index.PublishAsync([Snapshot("tsk_01", 3, ImageTaskStatus.Succeeded)]);
        await index.PublishAsync([Snapshot("tsk_01", 2, ImageTaskStatus.Queued)]);

        var all = await index.ListAsync(null, null, 10);
        var succeeded = await index.ListAsync(ImageTaskStatus.Succeeded, null, 10);
        var firstPage = await index.ListAsync(null, null, 1);
        var secondPage = await index.ListAsync(null, firstPage.NextBeforeTaskId, 1);

        Assert.Equal(["tsk_02", "tsk_01"], all.TaskIds.ToArray());
        Assert.Equal(["tsk_01"], succeeded.TaskIds.ToArray());
        Assert.Equal(["tsk_02"], firstPage.TaskIds.ToArray());
        Assert.Equal(["tsk_01"], secondPage.TaskIds.ToArray());
        Assert.Null(secondPage.NextBeforeTaskId);
    }

    [Fact]
    public async Task A_write_conflict_fails_visibly_and_the_next_activation_starts_from_what_storage_holds()
    {
        var accountId = $"acct-{Guid.NewGuid():N}";
        var index = fixture.Client.GetGrain<IAccountTasksGrain>(accountId);
        await index.PublishAsync([Snapshot("tsk_01", 1, ImageTaskStatus.Succeeded)]);
        var otherWriter = new TaskIndexSegment { Entries = [new TaskIndexEntry { TaskId = "tsk_09", Status = ImageTaskStatus.Failed, Version = 2 }] };
        fixture.Storage.Put("index", AccountTasksGrain.SegmentId(accountId, 0), otherWriter);

        await Assert.ThrowsAsync<InconsistentStateException>(() => index.PublishAsync([Snapshot("tsk_02", 2, ImageTaskStatus.Succeeded)]));
        var afterReload = await index.ListAsync(null, null, 10);

        Assert.Equal(["tsk_09"], afterReload.TaskIds.ToArray());
    }

    [Fact]
    public async Task A_failed_write_fails_visibly_and_the_next_activation_starts_from_what_storage_holds()
    {
        var accountId = $"acct-{Guid.NewGuid():N}";
        var index = fixture.Client.GetGrain<IAccountTasksGrain>(accountId);
        await index.PublishAsync([Snapshot("tsk_01", 2, ImageTaskStatus.Succeeded)]);
        fixture.Storage.FailNextWrite(AccountTasksGrain.SegmentId(accountId, 0), WriteFault.BeforeStoring);

        var failure = await Assert.ThrowsAsync<OrleansException>(() => index.PublishAsync([Snapshot("tsk_02", 2, ImageTaskStatus.Failed)]));
        Assert.IsType<TimeoutException>(failure.InnerException);
        var afterFailure = await index.ListAsync(null, null, 10);
        await index.PublishAsync([Snapshot("tsk_02", 2, ImageTaskStatus.Failed)]);

        Assert.Equal(["tsk_01"], afterFailure.TaskIds.ToArray());
        Assert.Equal(["tsk_02", "tsk_01"], StoredSegment(accountId, 0)!.Entries.Select(e => e.TaskId).Reverse().ToArray());
    }

    [Fact]
    public async Task An_index_of_several_segments_lists_the_same_after_a_deactivation()
    {
        const int tasks = 1_100;
        var accountId = $"acct-{Guid.NewGuid():N}";
        var index = fixture.Client.GetGrain<IAccountTasksGrain>(accountId);
        for (var i = 0; i < tasks; i++)
        {
            await index.PublishAsync([Snapshot(TaskId(i), 1, ImageTaskStatus.Queued), Snapshot(TaskId(i), 2, i % 2 == 0 ? ImageTaskStatus.Succeeded : ImageTaskStatus.Failed)]);
        }

        var allBefore = await ListAll(index, null);
        var succeededBefore = await ListAll(index, ImageTaskStatus.Succeeded);

        await fixture.Cluster.DeactivateAsync(index);

        var all = await ListAll(index, null);
        var succeeded = await ListAll(index, ImageTaskStatus.Succeeded);
        var newestFirst = Enumerable.Range(0, tasks).Reverse().ToList();
        Assert.Equal(newestFirst.Select(TaskId), all);
        Assert.Equal(newestFirst.Where(i => i % 2 == 0).Select(TaskId), succeeded);
        Assert.Equal(allBefore, all);
        Assert.Equal(succeededBefore, succeeded);

        var segments = Enumerable.Range(0, 4).Select(n => StoredSegment(accountId, n)).ToList();
        Assert.Equal(Enumerable.Range(0, 512).Select(TaskId), segments[0]!.Entries.Select(e => e.TaskId));
        Assert.Equal(512, segments[1]!.Entries.Count);
        Assert.Equal(Enumerable.Range(1_024, 76).Select(TaskId), segments[2]!.Entries.Select(e => e.TaskId));
        Assert.Null(segments[3]);
        Assert.Equal(ImageTaskStatus.Succeeded, segments[2]!.Entries.Single(e => e.TaskId == TaskId(1_050)).Status);
    }

    [Fact]
    public async Task Only_a_finished_task_is_stored_in_one_write_of_its_segment()
    {
        var accountId = $"acct-{Guid.NewGuid():N}";
        var index = fixture.Client.GetGrain<IAccountTasksGrain>(accountId);
        for (var i = 0; i < AccountTasksGrain.SegmentSize; i++)
        {
            await index.PublishAsync([Snapshot(TaskId(i), 2, ImageTaskStatus.Succeeded)]);
        }

        var first = await StoredETag(accountId, 0);
        await index.PublishAsync([Snapshot("tsk_late", 1, ImageTaskStatus.Submitting), Snapshot("tsk_late", 2, ImageTaskStatus.Queued)]);
        await index.PublishAsync([Snapshot("tsk_late", 3, ImageTaskStatus.Running)]);
        var whileUnfinished = StoredSegment(accountId, 1);
        var listed = await index.ListAsync(ImageTaskStatus.Running, null, 10);
        await index.PublishAsync([Snapshot("tsk_late", 4, ImageTaskStatus.Succeeded)]);
        await index.PublishAsync([Snapshot("tsk_late", 4, ImageTaskStatus.Succeeded)]);

        Assert.Null(whileUnfinished);
        Assert.Equal(["tsk_late"], listed.TaskIds.ToArray());
        Assert.Equal(first, await StoredETag(accountId, 0));
        Assert.Equal(["tsk_late"], StoredSegment(accountId, 1)!.Entries.Select(e => e.TaskId));
    }

    [Fact]
    public async Task An_entry_stored_unfinished_by_an_earlier_version_is_rewritten_when_its_task_finishes()
    {
        var accountId = $"acct-{Guid.NewGuid():N}";
        var stored = new TaskIndexSegment { Entries = [new TaskIndexEntry { TaskId = "tsk_01", Status = ImageTaskStatus.Queued, Version = 2 }] };
        fixture.Storage.Put("index", AccountTasksGrain.SegmentId(accountId, 0), stored);
        var index = fixture.Client.GetGrain<IAccountTasksGrain>(accountId);

        await index.PublishAsync([Snapshot("tsk_01", 3, ImageTaskStatus.Failed)]);

        Assert.Equal(ImageTaskStatus.Failed, StoredSegment(accountId, 0)!.Entries.Single().Status);
    }

    [Fact]
    public async Task An_activation_finds_the_unfinished_tasks_through_the_accounts_open_reservations()
    {
        var accountId = $"acct-{Guid.NewGuid():N}";
        var account = fixture.Client.GetGrain<ImageGrid.Grains.Accounts.IAccountGrain>(accountId);
        await account.CreateAsync("index recovery", 30, "opening");
        var taskId = $"tsk_{Guid.NewGuid():N}";
        await account.ReserveAsync(taskId, 3);
        fixture.Storage.Put("task", fixture.Client.GetGrain<ITaskGrain>(taskId).GetGrainId(), RunningTask(accountId));
        var index = fixture.Client.GetGrain<IAccountTasksGrain>(accountId);
        await index.PublishAsync([Snapshot(taskId, 1, ImageTaskStatus.Submitting) with { AccountId = accountId }]);

        await fixture.Cluster.DeactivateAsync(index);

        Assert.Equal([taskId], (await index.ListAsync(null, null, 10)).TaskIds.ToArray());
        await Tasks.TaskDriving.EventuallyAsync(
            async () => (await index.ListAsync(ImageTaskStatus.Running, null, 10)).TaskIds.Contains(taskId),
            TimeSpan.FromSeconds(30),
            "the index learns how the task stands");
        Assert.Null(StoredSegment(accountId, 0));
    }

    private static TaskState RunningTask(string accountId) => new()
    {
        AccountId = accountId,
        Request = new ImageRequest { Model = "gpt-image-2", Prompt = "p" },
        CreatedAt = DateTimeOffset.UtcNow,
        ReservedCredits = 3,
        History =
        [
            new TaskProgress { Version = 1, Status = ImageTaskStatus.Submitting, UpdatedAt = DateTimeOffset.UtcNow },
            new TaskProgress { Version = 2, Status = ImageTaskStatus.Queued, RivyaTaskId = "task_1", UpdatedAt = DateTimeOffset.UtcNow },
            new TaskProgress { Version = 3, Status = ImageTaskStatus.Running, RivyaTaskId = "task_1", UpdatedAt = DateTimeOffset.UtcNow },
        ],
    };

    private static string TaskId(int i) => $"tsk_{i:D5}";

    private TaskIndexSegment? StoredSegment(string accountId, int number) =>
        fixture.Storage.Stored<TaskIndexSegment>("index", AccountTasksGrain.SegmentId(accountId, number));

    private async Task<string?> StoredETag(string accountId, int number)
    {
        var record = new GrainState<TaskIndexSegment>();
        await fixture.Storage.ReadStateAsync("index", AccountTasksGrain.SegmentId(accountId, number), record);
        Assert.True(record.RecordExists);
        return record.ETag;
    }

    /// <summary>Every page of 200, in order; fails if a task id shows up twice across pages.</summary>
    private static async Task<List<string>> ListAll(IAccountTasksGrain index, ImageTaskStatus? status)
    {
        var ids = new List<string>();
        string? before = null;
        do
        {
            var page = await index.ListAsync(status, before, 200);
            Assert.InRange(page.TaskIds.Length, page.NextBeforeTaskId is null ? 0 : 200, 200);
            ids.AddRange(page.TaskIds);
            before = page.NextBeforeTaskId;
        }
        while (before is not null);

        Assert.Equal(ids.Count, ids.Distinct().Count());
        return ids;
    }
}
