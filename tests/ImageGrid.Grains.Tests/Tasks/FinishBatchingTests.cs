using ImageGrid.Grains.Accounts;
using ImageGrid.Grains.TaskIndex;
using Microsoft.Extensions.DependencyInjection;
using static ImageGrid.Grains.Tests.Tasks.TaskDriving;

namespace ImageGrid.Grains.Tests.Tasks;

/// <summary>
/// Tasks of one account that finish together share the account's writes on their finishing path: the index segment
/// write of their terminal versions and the ledger write of their settlements.
/// </summary>
[Collection(TaskClusterCollection.Name)]
public sealed class FinishBatchingTests(TaskClusterFixture fixture)
{
    private const int Tasks = 8;

    [Fact]
    public async Task Tasks_that_finish_together_share_the_index_and_ledger_writes_and_each_is_listed_and_settled_once()
    {
        var account = await fixture.NewAccountAsync(3 * Tasks);
        var accountId = account.GetPrimaryKeyString();
        var indexSegment = AccountTasksGrain.SegmentId(accountId, 0);
        var ledgerSegment = LedgerSegments.IdOf(accountId, 0);
        Func<string, GrainId, object?, bool> isIndexWrite = (_, id, _) => id == indexSegment;
        Func<string, GrainId, object?, bool> isSettlementWrite = (_, id, state) =>
            id == ledgerSegment && state is LedgerSegment segment && segment.Entries.Exists(e => e.Kind == LedgerEntryKind.Settle);
        var indexWrites = fixture.Storage.CountWrites(isIndexWrite);
        var settlementWrites = fixture.Storage.CountWrites(isSettlementWrite);
        var closes = fixture.Silo.GetRequiredService<ReservationCloseBatcher>();
        var grains = Enumerable.Range(0, Tasks).Select(_ => fixture.Client.GetGrain<ITaskGrain>(NewTaskId())).ToList();

        // The first write of each kind waits until every task has queued behind it, so the rest can only go in one more
        // write. A task's watcher sees its terminal version only after the task queued that version's publication.
        using var indexHold = fixture.Storage.HoldWrites(isIndexWrite);
        using var settlementHold = fixture.Storage.HoldWrites(isSettlementWrite);
        var watched = await Task.WhenAll(grains.Select(async grain =>
        {
            await grain.StartAsync(Submission(account));
            return await WatchToEndAsync(grain, EndBound);
        }));
        indexHold.Dispose();
        await EventuallyAsync(() => Task.FromResult(closes.Pending(accountId) == Tasks), EndBound, "every task's settlement is queued");
        settlementHold.Dispose();

        await EventuallyAsync(async () => (await account.GetBalanceAsync()).Reserved == 0, EndBound, "every reservation is settled");
        Assert.All(watched, versions => Assert.Equal(ImageTaskStatus.Succeeded, versions[^1].Status));
        var balance = await account.GetBalanceAsync();
        Assert.Equal((3L * Tasks, 0L, 3L * Tasks), (balance.Granted, balance.Reserved, balance.Spent));
        var ledger = await account.GetLedgerAsync(0, LedgerSegments.MaxPageSize);
        var settled = ledger.Entries.Where(e => e.Kind == LedgerEntryKind.Settle).Select(e => e.TaskId).ToList();
        Assert.Equal(grains.Select(g => g.GetPrimaryKeyString()).Order(StringComparer.Ordinal), settled.Order(StringComparer.Ordinal));
        var listed = await fixture.Client.GetGrain<IAccountTasksGrain>(accountId).ListAsync(ImageTaskStatus.Succeeded, null, 2 * Tasks);
        Assert.Equal(grains.Select(g => g.GetPrimaryKeyString()).Order(StringComparer.Ordinal), listed.TaskIds.Order(StringComparer.Ordinal));
        Assert.InRange(indexWrites.Stored, 1, 2);
        Assert.InRange(settlementWrites.Stored, 1, 2);
    }
}
