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
        await index.PublishAsync([Snapshot("tsk_01", 1, ImageTaskStatus.Submitting)]);
        var otherWriter = new TaskIndexSegment { Entries = [new TaskIndexEntry { TaskId = "tsk_09", Status = ImageTaskStatus.Queued, Version = 2 }] };
        fixture.Storage.Put("index", AccountTasksGrain.SegmentId(accountId, 0), otherWriter);

        await Assert.ThrowsAsync<InconsistentStateException>(() => index.PublishAsync([Snapshot("tsk_02", 1, ImageTaskStatus.Submitting)]));
        var afterReload = await index.ListAsync(null, null, 10);

        Assert.Equal(["tsk_09"], afterReload.TaskIds.ToArray());
    }

    [Fact]
    public async Task A_failed_write_fails_visibly_and_the_next_activation_starts_from_what_storage_holds()
    {
        var accountId = $"acct-{Guid.NewGuid():N}";
        var index = fixture.Client.GetGrain<IAccountTasksGrain>(accountId);
        await index.PublishAsync([Snapshot("tsk_01", 1, ImageTaskStatus.Submitting)]);
        fixture.Storage.FailNextWrite(AccountTasksGrain.SegmentId(accountId, 0), WriteFault.BeforeStoring);

        var failure = await Assert.ThrowsAsync<OrleansException>(() => index.PublishAsync([Snapshot("tsk_02", 1, ImageTaskStatus.Submitting)]));
        Assert.IsType<TimeoutException>(failure.InnerException);
        var afterFailure = await index.ListAsync(null, null, 10);
        await index.PublishAsync([Snapshot("tsk_02", 1, ImageTaskStatus.Submitting)]);

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
            await index.PublishAsync([Snapshot(TaskId(i), 1, ImageTaskStatus.Queued)]);
        }

        for (var i = 0; i < tasks; i += 3)
        {
            await index.PublishAsync([Snapshot(TaskId(i), 2, i % 2 == 0 ? ImageTaskStatus.Succeeded : ImageTaskStatus.Failed)]);
        }

        var allBefore = await ListAll(index, null);
        var succeededBefore = await ListAll(index, ImageTaskStatus.Succeeded);
        var queuedBefore = await ListAll(index, ImageTaskStatus.Queued);

        await fixture.Cluster.DeactivateAsync(index);

        var all = await ListAll(index, null);
        var succeeded = await ListAll(index, ImageTaskStatus.Succeeded);
        var queued = await ListAll(index, ImageTaskStatus.Queued);
        var newestFirst = Enumerable.Range(0, tasks).Reverse().ToList();
        Assert.Equal(newestFirst.Select(TaskId), all);
        Assert.Equal(newestFirst.Where(i => i % 6 == 0).Select(TaskId), succeeded);
        Assert.Equal(newestFirst.Where(i => i % 3 != 0).Select(TaskId), queued);
        Assert.Equal(allBefore, all);
        Assert.Equal(succeededBefore, succeeded);
        Assert.Equal(queuedBefore, queued);

        var segments = Enumerable.Range(0, 4).Select(n => StoredSegment(accountId, n)).ToList();
        Assert.Equal(Enumerable.Range(0, 512).Select(TaskId), segments[0]!.Entries.Select(e => e.TaskId));
        Assert.Equal(512, segments[1]!.Entries.Count);
        Assert.Equal(Enumerable.Range(1_024, 76).Select(TaskId), segments[2]!.Entries.Select(e => e.TaskId));
        Assert.Null(segments[3]);
        Assert.Equal(ImageTaskStatus.Succeeded, segments[2]!.Entries.Single(e => e.TaskId == TaskId(1_050)).Status);
    }

    [Fact]
    public async Task A_publish_writes_only_the_segment_of_its_task()
    {
        var accountId = $"acct-{Guid.NewGuid():N}";
        var index = fixture.Client.GetGrain<IAccountTasksGrain>(accountId);
        for (var i = 0; i <= AccountTasksGrain.SegmentSize; i++)
        {
            await index.PublishAsync([Snapshot(TaskId(i), 1, ImageTaskStatus.Queued)]);
        }

        var first = await StoredETag(accountId, 0);
        var second = await StoredETag(accountId, 1);

        await index.PublishAsync([Snapshot(TaskId(7), 2, ImageTaskStatus.Running)]);

        Assert.NotEqual(first, await StoredETag(accountId, 0));
        Assert.Equal(second, await StoredETag(accountId, 1));
        Assert.Equal(ImageTaskStatus.Running, StoredSegment(accountId, 0)!.Entries.Single(e => e.TaskId == TaskId(7)).Status);
        Assert.Equal([TaskId(AccountTasksGrain.SegmentSize)], StoredSegment(accountId, 1)!.Entries.Select(e => e.TaskId));
    }

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
