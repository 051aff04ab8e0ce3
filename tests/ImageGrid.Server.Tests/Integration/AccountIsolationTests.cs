using Grpc.Core;
using ImageGrid.Contracts.V1;
using ImageGrid.Grains.Accounts;
using ImageGrid.Server.Tests.Infrastructure;

namespace ImageGrid.Server.Tests.Integration;

[Collection(ImageGridCollection.Name)]
public sealed class AccountIsolationTests(ImageGridFixture fixture)
{
    [Fact]
    public async Task Another_accounts_task_is_not_found_for_get_and_watch()
    {
        var alice = await fixture.CreateAccountAsync(30);
        var bob = await fixture.CreateAccountAsync(30);
        var alicesTask = await alice.Client.CreateImageAsync(new CreateImageRequest { Prompt = "alice's" });

        var get = await Assert.ThrowsAsync<RpcException>(() => bob.Client.GetTaskAsync(new GetTaskRequest { TaskId = alicesTask.Id }).ResponseAsync);
        using var watch = bob.Client.WatchTask(new WatchTaskRequest { TaskId = alicesTask.Id });
        var watched = await Assert.ThrowsAsync<RpcException>(() => watch.ResponseStream.MoveNext());

        Assert.Equal(StatusCode.NotFound, get.StatusCode);
        Assert.Equal(StatusCode.NotFound, watched.StatusCode);
        // Exactly the answer for a task that does not exist.
        Assert.Equal(ImageGrid.Server.Grpc.RpcErrors.TaskNotFound(alicesTask.Id).Status, get.Status);
    }

    [Fact]
    public async Task Balances_and_listings_are_the_callers_own()
    {
        var alice = await fixture.CreateAccountAsync(30);
        var bob = await fixture.CreateAccountAsync(12);
        var alicesTask = await alice.Client.CreateImageAsync(new CreateImageRequest { Prompt = "alice's" });

        var bobsBalance = await bob.Client.GetBalanceAsync(new GetBalanceRequest());
        var bobsTasks = await bob.Client.ListTasksAsync(new ListTasksRequest());
        var alicesTasks = await alice.Client.ListTasksAsync(new ListTasksRequest());

        Assert.Equal((12, 0, 12), (bobsBalance.Granted, bobsBalance.Reserved, bobsBalance.Available));
        Assert.Empty(bobsTasks.Tasks);
        Assert.Equal([alicesTask.Id], alicesTasks.Tasks.Select(t => t.Id));
    }

    [Fact]
    public async Task An_account_stream_carries_only_the_accounts_own_tasks()
    {
        var alice = await fixture.CreateAccountAsync(30);
        var bob = await fixture.CreateAccountAsync(30);
        using var bobsStream = bob.Client.WatchTasks(new WatchTasksRequest(), deadline: DateTime.UtcNow + Watching.Timeout);

        await alice.Client.CreateImageAsync(new CreateImageRequest { Prompt = "alice's secret" });
        var bobs = await bob.Client.CreateImageAsync(new CreateImageRequest { Prompt = "bob's" });
        var seen = new List<TaskUpdate>();
        while (await bobsStream.ResponseStream.MoveNext())
        {
            seen.Add(bobsStream.ResponseStream.Current);
            if (bobsStream.ResponseStream.Current.Task.Status.IsTerminal())
            {
                break;
            }
        }

        Assert.All(seen, u => Assert.Equal(bobs.Id, u.Task.Id));
        Assert.DoesNotContain(seen, u => u.Task.Prompt.Contains("alice", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_revoked_key_is_unauthenticated_at_once()
    {
        var account = await fixture.CreateAccountAsync(30);
        var keyId = (await fixture.Grains.GetGrain<IAccountGrain>(account.Id).GetAsync())!.Keys.Single().KeyId;
        await account.Client.GetBalanceAsync(new GetBalanceRequest());

        Assert.True(await fixture.Grains.GetGrain<IAccountGrain>(account.Id).RevokeKeyAsync(keyId));
        var error = await Assert.ThrowsAsync<RpcException>(() => account.Client.GetBalanceAsync(new GetBalanceRequest()).ResponseAsync);

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
    }
}
