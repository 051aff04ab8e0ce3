using ImageGrid.Grains.TaskIndex;
using ImageGrid.Grains.Tests.Accounts;
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
        await index.PublishAsync(Snapshot("tsk_01", 1, ImageTaskStatus.Submitting));
        await index.PublishAsync(Snapshot("tsk_02", 1, ImageTaskStatus.Submitting));
        await index.PublishAsync(Snapshot("tsk_01", 3, ImageTaskStatus.Succeeded));
        await index.PublishAsync(Snapshot("tsk_01", 2, ImageTaskStatus.Queued));

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
        var index = fixture.Client.GetGrain<IAccountTasksGrain>($"acct-{Guid.NewGuid():N}");
        await index.PublishAsync(Snapshot("tsk_01", 1, ImageTaskStatus.Submitting));
        var otherWriter = new TaskIndexState { Entries = [new TaskIndexEntry { TaskId = "tsk_09", Status = ImageTaskStatus.Queued, Version = 2 }] };
        fixture.Storage.Put("index", index.GetGrainId(), otherWriter);

        await Assert.ThrowsAsync<InconsistentStateException>(() => index.PublishAsync(Snapshot("tsk_02", 1, ImageTaskStatus.Submitting)));
        var afterReload = await index.ListAsync(null, null, 10);

        Assert.Equal(["tsk_09"], afterReload.TaskIds.ToArray());
    }
}
