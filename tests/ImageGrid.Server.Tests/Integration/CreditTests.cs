using Grpc.Core;
using ImageGrid.Contracts.V1;
using ImageGrid.Grains.Accounts;
using ImageGrid.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using LedgerEntryKind = ImageGrid.Grains.Accounts.LedgerEntryKind;
using TaskStatus = ImageGrid.Contracts.V1.TaskStatus;

namespace ImageGrid.Server.Tests.Integration;

[Collection(ImageGridCollection.Name)]
public sealed class CreditTests(ImageGridFixture fixture)
{
    [Fact]
    public async Task A_finished_task_spends_its_price_and_the_ledger_balances()
    {
        var account = await fixture.CreateAccountAsync(30);

        var created = await account.Client.CreateImageAsync(new CreateImageRequest { Prompt = "a red kite" });
        var reservedNow = await account.Client.GetBalanceAsync(new GetBalanceRequest());
        await account.Client.WatchToEndAsync(created.Id);
        var balance = await account.Client.GetBalanceAsync(new GetBalanceRequest());

        Assert.Equal((30, 3, 0, 27), (reservedNow.Granted, reservedNow.Reserved, reservedNow.Spent, reservedNow.Available));
        Assert.Equal((30, 0, 3, 27), (balance.Granted, balance.Reserved, balance.Spent, balance.Available));
        var entries = await Ledger.ReadAllAsync(fixture.Grains, account.Id);
        Assert.Equal([LedgerEntryKind.Grant, LedgerEntryKind.Reserve, LedgerEntryKind.Settle], entries.Select(e => e.Kind));
        Assert.All(entries.Skip(1), e => Assert.Equal(created.Id, e.TaskId));
        Assert.Equal(entries[^1].Sequence, balance.LedgerVersion);
        await Ledger.AssertBalancesAsync(fixture.Grains, account.Id);
    }

    [Fact]
    public async Task Two_hundred_concurrent_creates_against_a_budget_for_ten_make_exactly_ten_tasks()
    {
        var account = await fixture.CreateAccountAsync(30);
        var before = await fixture.Simulator.GetStatsAsync();

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 200).Select(async i =>
        {
            try
            {
                return (Task: await account.Client.CreateImageAsync(new CreateImageRequest { Prompt = $"budget {i}" }), Status: StatusCode.OK);
            }
            catch (RpcException e)
            {
                return (Task: (ImageTask?)null, Status: e.StatusCode);
            }
        }));

        var created = outcomes.Where(o => o.Task is not null).Select(o => o.Task!).ToList();
        Assert.Equal(10, created.Count);
        Assert.All(outcomes.Where(o => o.Task is null), o => Assert.Equal(StatusCode.ResourceExhausted, o.Status));
        Assert.Equal(10, (await fixture.Simulator.GetStatsAsync()).TasksCreated - before.TasksCreated);
        await Task.WhenAll(created.Select(t => account.Client.WatchToEndAsync(t.Id)));
        var balance = await account.Client.GetBalanceAsync(new GetBalanceRequest());
        Assert.Equal((30, 0, 30, 0), (balance.Granted, balance.Reserved, balance.Spent, balance.Available));
        await Ledger.AssertBalancesAsync(fixture.Grains, account.Id);
    }

    [Fact]
    public async Task Not_enough_credits_is_resource_exhausted_with_the_balance_and_costs_nothing()
    {
        var account = await fixture.CreateAccountAsync(2);
        var before = await fixture.Simulator.GetStatsAsync();

        var error = await Assert.ThrowsAsync<RpcException>(() => account.Client.CreateImageAsync(new CreateImageRequest { Prompt = "too dear" }).ResponseAsync);

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        Assert.Contains("2 available", error.Status.Detail);
        Assert.Equal(before.CreateRequests, (await fixture.Simulator.GetStatsAsync()).CreateRequests);
        Assert.Single(await Ledger.ReadAllAsync(fixture.Grains, account.Id));
        Assert.Empty((await account.Client.ListTasksAsync(new ListTasksRequest())).Tasks);
    }

    [Fact]
    public async Task A_task_the_simulator_fails_releases_its_credits()
    {
        var account = await fixture.CreateAccountAsync(9);
        var marker = $"fails {Guid.NewGuid():N}";
        await fixture.Simulator.AddScriptAsync(new { promptContains = marker, outcome = "failed", errorCode = "generation_failed" });

        var created = await account.Client.CreateImageAsync(new CreateImageRequest { Prompt = marker });
        var done = (await account.Client.WatchToEndAsync(created.Id))[^1].Task;
        var balance = await account.Client.GetBalanceAsync(new GetBalanceRequest());

        Assert.Equal(TaskStatus.Failed, done.Status);
        Assert.Equal((9, 0, 0, 9), (balance.Granted, balance.Reserved, balance.Spent, balance.Available));
        var entries = await Ledger.ReadAllAsync(fixture.Grains, account.Id);
        Assert.Equal([LedgerEntryKind.Grant, LedgerEntryKind.Reserve, LedgerEntryKind.Release], entries.Select(e => e.Kind));
    }

    [Fact]
    public async Task A_rejection_at_create_releases_the_reservation()
    {
        var account = await fixture.CreateAccountAsync(9);
        var marker = $"refused {Guid.NewGuid():N}";
        await fixture.Simulator.AddScriptAsync(new { promptContains = marker, rejectWith = "validation_failed" });

        var error = await Assert.ThrowsAsync<RpcException>(() => account.Client.CreateImageAsync(new CreateImageRequest { Prompt = marker }).ResponseAsync);
        var balance = await account.Client.GetBalanceAsync(new GetBalanceRequest());

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal((0, 9), (balance.Reserved, balance.Available));
        await Ledger.AssertBalancesAsync(fixture.Grains, account.Id);
    }

    [Fact]
    public async Task A_settlement_or_release_delivered_again_counts_once()
    {
        var account = await fixture.CreateAccountAsync(30);
        var created = await account.Client.CreateImageAsync(new CreateImageRequest { Prompt = "settle me once" });
        await account.Client.WatchToEndAsync(created.Id);
        var grain = fixture.Grains.GetGrain<IAccountGrain>(account.Id);
        var settled = await grain.GetBalanceAsync();

        var again = await grain.SettleAsync(created.Id, 3);
        var releaseAfter = await grain.ReleaseAsync(created.Id, "duplicate failure message");

        Assert.Equal(CreditOutcomeKind.AlreadyApplied, again.Kind);
        Assert.Equal(CreditOutcomeKind.NotReserved, releaseAfter.Kind);
        Assert.Equal(settled, await grain.GetBalanceAsync());
        Assert.Equal((3, 27), (settled.Spent, settled.Available));
    }

    [Fact]
    public async Task Rivyas_own_insufficient_credits_fails_the_task_releases_the_reservation_and_shows_in_health()
    {
        var account = await fixture.CreateAccountAsync(9);
        var marker = $"upstream broke {Guid.NewGuid():N}";
        await fixture.Simulator.AddScriptAsync(new { promptContains = marker, rejectWith = "insufficient_credits" });
        var health = fixture.Server.Services.GetRequiredService<HealthCheckService>();

        var error = await Assert.ThrowsAsync<RpcException>(() => account.Client.CreateImageAsync(new CreateImageRequest { Prompt = marker }).ResponseAsync);
        var report = await health.CheckHealthAsync();
        await account.Client.WatchToEndAsync((await account.Client.CreateImageAsync(new CreateImageRequest { Prompt = "upstream recovered" })).Id);
        var recovered = await health.CheckHealthAsync();

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        var balance = await account.Client.GetBalanceAsync(new GetBalanceRequest());
        Assert.Equal((0, 3, 6), (balance.Reserved, balance.Spent, balance.Available));
        Assert.Equal(HealthStatus.Degraded, report.Entries["upstream-credits"].Status);
        Assert.Contains("upstream account out of credits", report.Entries["upstream-credits"].Description);
        Assert.Equal(HealthStatus.Healthy, recovered.Entries["upstream-credits"].Status);
    }
}
