using ImageGrid.Grains.References;
using ImageGrid.Grains.TaskIndex;
using ImageGrid.Grains.Tests.Accounts;

namespace ImageGrid.Grains.Tests.References;

public sealed class ReferenceUrlGrantTests(AccountClusterFixture fixture) : IClassFixture<AccountClusterFixture>
{
    private const string Url = "http://127.0.0.1:5090/results/task_1/0.png";

    [Fact]
    public async Task A_grant_is_found_only_for_its_account_and_its_exact_url()
    {
        var alice = NewAccountId();
        await Grain(alice, Url).GrantAsync(new ReferenceUrlGrant { Url = Url, Source = "ref_1" });
        await Grain(alice, Url).GrantAsync(new ReferenceUrlGrant { Url = Url, Source = "tsk_2" });

        Assert.True(await Grain(alice, Url).IsGrantedAsync(Url));
        Assert.False(await Grain(NewAccountId(), Url).IsGrantedAsync(Url));
        Assert.False(await Grain(alice, Url + "?x").IsGrantedAsync(Url + "?x"));
        Assert.False(await Grain(alice, Url).IsGrantedAsync(Url.ToUpperInvariant()));
        Assert.Equal("ref_1", fixture.Storage.Stored<ReferenceUrlState>("grant", Grain(alice, Url).GetGrainId())!.Grant!.Source);
    }

    [Fact]
    public async Task A_succeeded_versions_images_are_its_accounts_own_results_and_are_stored_with_its_entry()
    {
        var accountId = NewAccountId();
        var index = fixture.Client.GetGrain<IAccountTasksGrain>(accountId);
        await index.PublishAsync([Snapshot(accountId, "tsk_01", 1, ImageTaskStatus.Running)]);
        var before = await index.FindOwnResultsAsync([Url]);

        await index.PublishAsync([Snapshot(accountId, "tsk_01", 2, ImageTaskStatus.Succeeded, Url)]);

        Assert.Empty(before);
        Assert.Equal([Url], (await index.FindOwnResultsAsync([Url, Url + "?x"])).ToArray());
        Assert.Empty(await fixture.Client.GetGrain<IAccountTasksGrain>(NewAccountId()).FindOwnResultsAsync([Url]));
        var stored = fixture.Storage.Stored<TaskIndexSegment>("index", AccountTasksGrain.SegmentId(accountId, 0))!;
        Assert.Equal([Url], stored.Entries.Single().ImageUrls!);
        Assert.False(await Grain(accountId, Url).IsGrantedAsync(Url));
    }

    [Fact]
    public async Task Versions_other_than_succeeded_own_nothing()
    {
        var accountId = NewAccountId();
        var index = fixture.Client.GetGrain<IAccountTasksGrain>(accountId);

        await index.PublishAsync([Snapshot(accountId, "tsk_01", 1, ImageTaskStatus.Running, Url), Snapshot(accountId, "tsk_01", 2, ImageTaskStatus.Failed, Url)]);

        Assert.Empty(await index.FindOwnResultsAsync([Url]));
    }

    [Fact]
    public async Task The_images_of_a_task_that_succeeded_before_the_index_heard_of_it_are_found_on_request()
    {
        var accountId = NewAccountId();
        var taskId = $"tsk_{Guid.NewGuid():N}";
        var index = fixture.Client.GetGrain<IAccountTasksGrain>(accountId);
        await index.PublishAsync([Snapshot(accountId, taskId, 1, ImageTaskStatus.Queued)]);
        fixture.Storage.Put("task", fixture.Client.GetGrain<ITaskGrain>(taskId).GetGrainId(), SucceededTask(accountId, Url));

        Assert.Equal([Url], (await index.FindOwnResultsAsync([Url])).ToArray());
        Assert.Empty(await fixture.Client.GetGrain<IAccountTasksGrain>(NewAccountId()).FindOwnResultsAsync([Url]));
        Assert.Equal([taskId], (await index.ListAsync(ImageTaskStatus.Queued, null, 10)).TaskIds.ToArray());
    }

    private static string NewAccountId() => $"acct-{Guid.NewGuid():N}";

    private IReferenceUrlGrain Grain(string accountId, string url) =>
        fixture.Client.GetGrain<IReferenceUrlGrain>(ReferenceUrlKey.For(accountId, url));

    private static TaskSnapshot Snapshot(string accountId, string taskId, long version, ImageTaskStatus status, string? imageUrl = null) => new()
    {
        TaskId = taskId,
        AccountId = accountId,
        Request = new ImageRequest { Model = "gpt-image-2", Prompt = "p" },
        Progress = new TaskProgress
        {
            Version = version,
            Status = status,
            Images = imageUrl is null ? [] : [new GeneratedImageInfo { Url = imageUrl, Width = 1024, Height = 1024, MimeType = "image/png" }],
        },
    };

    private static TaskState SucceededTask(string accountId, string imageUrl) => new()
    {
        AccountId = accountId,
        Request = new ImageRequest { Model = "gpt-image-2", Prompt = "a lighthouse" },
        CreatedAt = DateTimeOffset.UtcNow,
        History =
        [
            new TaskProgress { Version = 1, Status = ImageTaskStatus.Queued, UpdatedAt = DateTimeOffset.UtcNow },
            new TaskProgress
            {
                Version = 2,
                Status = ImageTaskStatus.Succeeded,
                UpdatedAt = DateTimeOffset.UtcNow,
                Images = [new GeneratedImageInfo { Url = imageUrl, Width = 1024, Height = 1024, MimeType = "image/png" }],
            },
        ],
        ReservedCredits = 3,
        CreditsClosed = true,
    };
}
