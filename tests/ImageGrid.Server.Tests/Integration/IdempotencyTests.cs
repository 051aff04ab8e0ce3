using Grpc.Core;
using ImageGrid.Contracts.V1;
using ImageGrid.Grains.Accounts;
using ImageGrid.Server.Tests.Infrastructure;
using LedgerEntryKind = ImageGrid.Grains.Accounts.LedgerEntryKind;

namespace ImageGrid.Server.Tests.Integration;

[Collection(ImageGridCollection.Name)]
public sealed class IdempotencyTests(ImageGridFixture fixture)
{
    [Fact]
    public async Task The_same_client_request_id_and_request_returns_the_same_task_without_reserving_again()
    {
        var account = await fixture.CreateAccountAsync(30);
        var request = new CreateImageRequest { Prompt = "an owl", ClientRequestId = "order-17" };

        var first = await account.Client.CreateImageAsync(request);
        var second = await account.Client.CreateImageAsync(request);

        Assert.Equal(first.Id, second.Id);
        Assert.True(second.Version >= first.Version);
        var reservations = (await Ledger.ReadAllAsync(fixture.Grains, account.Id)).Count(e => e.Kind == LedgerEntryKind.Reserve);
        Assert.Equal(1, reservations);
    }

    [Fact]
    public async Task Twenty_concurrent_duplicates_make_one_task_and_one_reservation()
    {
        var account = await fixture.CreateAccountAsync(30);
        var before = await fixture.Simulator.GetStatsAsync();
        var request = new CreateImageRequest { Prompt = "twenty at once", ClientRequestId = "burst-1" };

        var tasks = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => account.Client.CreateImageAsync(request).ResponseAsync));

        Assert.Single(tasks.Select(t => t.Id).Distinct());
        Assert.Equal(1, (await fixture.Simulator.GetStatsAsync()).TasksCreated - before.TasksCreated);
        var entries = await Ledger.ReadAllAsync(fixture.Grains, account.Id);
        Assert.Equal(1, entries.Count(e => e.Kind == LedgerEntryKind.Reserve));
        Assert.Equal(27, (await account.Client.GetBalanceAsync(new GetBalanceRequest())).Available);
    }

    [Fact]
    public async Task The_same_client_request_id_with_another_request_is_already_exists_naming_the_earlier_task()
    {
        var account = await fixture.CreateAccountAsync(30);
        var first = await account.Client.CreateImageAsync(new CreateImageRequest { Prompt = "a fox", ClientRequestId = "order-9" });

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            account.Client.CreateImageAsync(new CreateImageRequest { Prompt = "a wolf", ClientRequestId = "order-9" }).ResponseAsync);

        Assert.Equal(StatusCode.AlreadyExists, error.StatusCode);
        Assert.Contains("idempotency_conflict", error.Status.Detail);
        Assert.Contains(first.Id, error.Status.Detail);
        Assert.Equal(first.Id, error.Trailers.GetValue("imagegrid-task-id"));
    }

    [Fact]
    public async Task Concurrent_duplicates_and_conflicts_settle_on_the_first_request()
    {
        var account = await fixture.CreateAccountAsync(60);
        var calls = Enumerable.Range(0, 20).Select(async i =>
        {
            var prompt = i % 2 == 0 ? "even" : "odd";
            try
            {
                return (Prompt: prompt, Id: (await account.Client.CreateImageAsync(new CreateImageRequest { Prompt = prompt, ClientRequestId = "mixed" })).Id, Code: StatusCode.OK);
            }
            catch (RpcException e)
            {
                return (Prompt: prompt, Id: e.Trailers.GetValue("imagegrid-task-id") ?? "", Code: e.StatusCode);
            }
        });

        var results = await Task.WhenAll(calls);

        var winner = results.First(r => r.Code == StatusCode.OK).Prompt;
        Assert.All(results, r => Assert.Equal(r.Prompt == winner ? StatusCode.OK : StatusCode.AlreadyExists, r.Code));
        Assert.Single(results.Select(r => r.Id).Distinct());
        Assert.Equal(1, (await Ledger.ReadAllAsync(fixture.Grains, account.Id)).Count(e => e.Kind == LedgerEntryKind.Reserve));
    }

    [Fact]
    public async Task Client_request_ids_are_scoped_to_the_account()
    {
        var alice = await fixture.CreateAccountAsync(30);
        var bob = await fixture.CreateAccountAsync(30);

        var a = await alice.Client.CreateImageAsync(new CreateImageRequest { Prompt = "shared id", ClientRequestId = "same" });
        var b = await bob.Client.CreateImageAsync(new CreateImageRequest { Prompt = "other request", ClientRequestId = "same" });

        Assert.NotEqual(a.Id, b.Id);
    }
}
