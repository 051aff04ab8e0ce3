using ImageGrid.Grains.Accounts;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;

namespace ImageGrid.Grains.Tests.Accounts;

[Collection(AccountClusterCollection.Name)]
public sealed class AccountGrainTests(AccountClusterFixture fixture)
{
    private const string StateName = "account";

    private IAccountGrain NewAccount() => fixture.Client.GetGrain<IAccountGrain>($"acct-{Guid.NewGuid():N}");

    private async Task<IAccountGrain> CreatedAccount(long openingCredits)
    {
        var account = NewAccount();
        await account.CreateAsync("Team", openingCredits, "opening");
        return account;
    }

    /// <summary>Where the account's ledger entries <c>n·512+1 …</c> are stored.</summary>
    private static GrainId Segment(IAccountGrain account, int number) => LedgerSegments.IdOf(account.GetPrimaryKeyString(), number);

    private Task TickReconcilerAsync(IAccountGrain account) =>
        fixture.Client.GetGrain<IRemindable>(account.GetGrainId())
            .ReceiveReminder(AccountGrain.ReconcileReminder, new TickStatus(DateTime.UtcNow, TimeSpan.FromMinutes(5), DateTime.UtcNow));

    private async Task<bool> ReconcilerRegistered(IAccountGrain account) =>
        await fixture.Silo.GetRequiredService<IReminderTable>().ReadRow(account.GetGrainId(), AccountGrain.ReconcileReminder) is not null;

    /// <summary>Orleans wraps what storage threw; the caller sees the write fail.</summary>
    private static async Task AssertStorageFailure(Func<Task> call)
    {
        var e = await Assert.ThrowsAsync<OrleansException>(call);
        Assert.IsType<TimeoutException>(e.InnerException);
    }

    private static async Task AssertBalance(IAccountGrain account, long granted, long reserved, long spent)
    {
        var balance = await account.GetBalanceAsync();
        Assert.Equal((granted, reserved, spent), (balance.Granted, balance.Reserved, balance.Spent));
    }

    [Fact]
    public async Task An_account_never_created_answers_no_account_and_stores_nothing()
    {
        var account = NewAccount();

        Assert.Null(await account.GetAsync());
        Assert.Equal(new Balance(), await account.GetBalanceAsync());
        Assert.Equal(CreditOutcomeKind.NoAccount, (await account.GrantAsync(5, "x")).Kind);
        Assert.Equal(CreditOutcomeKind.NoAccount, (await account.DeductAsync(5, "x")).Kind);
        Assert.Equal(CreditOutcomeKind.NoAccount, (await account.ReserveAsync("t1", 3)).Kind);
        Assert.Equal(CreditOutcomeKind.NoAccount, (await account.SettleAsync("t1", 3)).Kind);
        var release = await account.ReleaseAsync("t1", "x");
        Assert.Equal(CreditOutcomeKind.NoAccount, release.Kind);
        Assert.Equal(new Balance(), release.Balance);
        Assert.Equal(
            [CreditOutcomeKind.NoAccount, CreditOutcomeKind.NoAccount],
            (await account.CloseManyAsync([ReservationClose.Settle("t1", 3), ReservationClose.Release("t2", "x")])).Select(o => o.Kind));
        Assert.False(await account.RevokeKeyAsync("key_0000000000000000"));
        var ledger = await account.GetLedgerAsync(0, 10);
        Assert.Empty(ledger.Entries);
        Assert.Equal(0, ledger.NextAfterSequence);
        await Assert.ThrowsAsync<InvalidOperationException>(() => account.AddKeyAsync(ApiKeyHash.Of("k"), "k"));
        Assert.Null(fixture.Storage.Stored<AccountState>(StateName, account.GetGrainId()));
    }

    [Fact]
    public async Task Create_is_idempotent_and_grants_the_opening_credits_once()
    {
        var account = NewAccount();

        var first = await account.CreateAsync("Team A", 10, "opening");
        var second = await account.CreateAsync("Renamed", 99, "again");

        Assert.Equal(account.GetPrimaryKeyString(), first.AccountId);
        Assert.Equal("Team A", first.DisplayName);
        Assert.Equal(first with { Keys = [] }, second with { Keys = [] });
        Assert.Equal(new Balance { Granted = 10, LedgerVersion = 1 }, await account.GetBalanceAsync());
        var entry = Assert.Single((await account.GetLedgerAsync(0, 10)).Entries);
        Assert.Equal((LedgerEntryKind.Grant, 10L, "opening"), (entry.Kind, entry.Amount, entry.Reason));
    }

    [Fact]
    public async Task Create_without_opening_credits_leaves_the_ledger_empty()
    {
        var account = await CreatedAccount(0);

        Assert.NotNull(await account.GetAsync());
        Assert.Equal(new Balance(), await account.GetBalanceAsync());
        Assert.Empty((await account.GetLedgerAsync(0, 10)).Entries);
    }

    [Fact]
    public async Task Credits_and_ledger_survive_a_deactivation()
    {
        var account = await CreatedAccount(10);
        await account.ReserveAsync("t1", 3);
        await account.ReserveAsync("t2", 3);
        await account.SettleAsync("t1", 2);
        await account.GrantAsync(5, "top-up");
        await account.DeductAsync(1, "correction");
        var before = await account.GetLedgerAsync(0, 100);

        await fixture.Cluster.DeactivateAsync(account);

        await AssertBalance(account, granted: 14, reserved: 3, spent: 2);
        Assert.Equal(before.Entries.AsEnumerable(), (await account.GetLedgerAsync(0, 100)).Entries.AsEnumerable());
        Assert.Equal(CreditOutcomeKind.AlreadyApplied, (await account.SettleAsync("t1", 2)).Kind);
        Assert.Equal(CreditOutcomeKind.AlreadyApplied, (await account.ReserveAsync("t2", 3)).Kind);
    }

    [Fact]
    public async Task A_ledger_over_several_segments_survives_a_failed_checkpoint_and_a_deactivation()
    {
        var account = await CreatedAccount(10);
        await account.ReserveAsync("open", 4);
        for (var i = 0; i < LedgerSegments.Size - 3; i++)
        {
            await account.GrantAsync(1, $"grant {i}");
        }

        // Entry 512 fills segment 0: the segment is stored, the checkpoint write after it fails.
        fixture.Storage.FailNextWrite(account.GetGrainId(), WriteFault.BeforeStoring);
        Assert.Equal(CreditOutcomeKind.Applied, (await account.GrantAsync(1, "fills segment 0")).Kind);
        Assert.Equal(1, fixture.Storage.Stored<AccountState>(StateName, account.GetGrainId())!.LedgerVersion);
        for (var i = 0; i < 100; i++)
        {
            await account.GrantAsync(1, $"after {i}");
        }

        var before = await ReadWholeLedgerAsync(account);
        await fixture.Cluster.DeactivateAsync(account);

        await AssertBalance(account, granted: 10 + 510 + 100, reserved: 4, spent: 0);
        Assert.Equal(before, await ReadWholeLedgerAsync(account));
        Assert.Equal(Enumerable.Range(1, 612).Select(i => (long)i), before.Select(e => e.Sequence));
        Assert.Equal(CreditOutcomeKind.AlreadyApplied, (await account.ReserveAsync("open", 4)).Kind);
        Assert.Equal(LedgerSegments.Size, fixture.Storage.Stored<LedgerSegment>(LedgerSegments.StateName, Segment(account, 0))!.Entries.Count);
    }

    [Fact]
    public async Task With_more_open_reservations_than_a_segment_the_checkpoint_waits_until_the_entries_since_outnumber_them()
    {
        var account = await CreatedAccount(10_000);
        for (var i = 0; i < 700; i++)
        {
            await account.ReserveAsync($"t{i:D3}", 1);
        }

        long StoredCheckpoint() => fixture.Storage.Stored<AccountState>(StateName, account.GetGrainId())!.LedgerVersion;
        // Entry 512 filled segment 0 with 511 reservations open and 511 entries since the checkpoint: written.
        Assert.Equal(512, StoredCheckpoint());
        await GrantUntilAsync(account, 1024);
        // Entry 1024 filled segment 1, but 512 entries since the checkpoint are fewer than the 700 open reservations.
        Assert.Equal(512, StoredCheckpoint());
        await GrantUntilAsync(account, 1536);
        Assert.Equal(1536, StoredCheckpoint());
        await GrantUntilAsync(account, 1600);

        await fixture.Cluster.DeactivateAsync(account);

        await AssertBalance(account, granted: 10_000 + (1600 - 701), reserved: 700, spent: 0);
        Assert.Equal(Enumerable.Range(1, 1600).Select(i => (long)i), (await ReadWholeLedgerAsync(account)).Select(e => e.Sequence));
        Assert.Equal(CreditOutcomeKind.AlreadyApplied, (await account.ReserveAsync("t699", 1)).Kind);
    }

    private static async Task GrantUntilAsync(IAccountGrain account, long version)
    {
        while ((await account.GetBalanceAsync()).LedgerVersion < version)
        {
            await account.GrantAsync(1, "filler");
        }
    }

    private static async Task<List<LedgerEntry>> ReadWholeLedgerAsync(IAccountGrain account)
    {
        var entries = new List<LedgerEntry>();
        var after = 0L;
        for (var page = 0; page < 20; page++)
        {
            var read = await account.GetLedgerAsync(after, LedgerSegments.MaxPageSize);
            entries.AddRange(read.Entries);
            after = read.NextAfterSequence;
            if (after == 0)
            {
                break;
            }
        }

        return entries;
    }

    [Fact]
    public async Task A_settle_delivered_twice_counts_once()
    {
        var account = await CreatedAccount(10);
        await account.ReserveAsync("t1", 3);

        var first = await account.SettleAsync("t1", 3);
        var second = await account.SettleAsync("t1", 3);

        Assert.Equal(CreditOutcomeKind.Applied, first.Kind);
        Assert.Equal(CreditOutcomeKind.AlreadyApplied, second.Kind);
        Assert.True(second.Succeeded);
        Assert.Equal(first.Balance, second.Balance);
        Assert.Equal(new Balance { Granted = 10, Spent = 3, LedgerVersion = 3 }, second.Balance);
        Assert.Equal(CreditOutcomeKind.NotReserved, (await account.ReleaseAsync("t1", "late")).Kind);
    }

    [Fact]
    public async Task Deduct_and_reserve_beyond_available_are_refused_with_the_balance()
    {
        var account = await CreatedAccount(5);
        await account.ReserveAsync("t1", 3);

        var deduct = await account.DeductAsync(3, "too much");
        var reserve = await account.ReserveAsync("t2", 3);

        Assert.Equal(CreditOutcomeKind.Insufficient, deduct.Kind);
        Assert.Equal(CreditOutcomeKind.Insufficient, reserve.Kind);
        Assert.Equal(new Balance { Granted = 5, Reserved = 3, LedgerVersion = 2 }, reserve.Balance);
        Assert.Equal(2, reserve.Balance.Available);
    }

    [Fact]
    public async Task Concurrent_reserves_against_a_budget_for_ten_tasks_hold_exactly_ten()
    {
        var account = await CreatedAccount(30);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 100).Select(i => account.ReserveAsync($"t{i}", 3)));

        Assert.Equal(10, outcomes.Count(o => o.Kind == CreditOutcomeKind.Applied));
        Assert.Equal(90, outcomes.Count(o => o.Kind == CreditOutcomeKind.Insufficient));
        Assert.Equal(new Balance { Granted = 30, Reserved = 30, LedgerVersion = 11 }, await account.GetBalanceAsync());
    }

    [Fact]
    public async Task A_write_that_fails_before_storing_changes_nothing_and_a_retry_applies()
    {
        var account = await CreatedAccount(10);
        fixture.Storage.FailNextWrite(Segment(account, 0), WriteFault.BeforeStoring);

        await AssertStorageFailure(() => account.ReserveAsync("t1", 3));

        Assert.Equal(new Balance { Granted = 10, LedgerVersion = 1 }, await account.GetBalanceAsync());
        Assert.Equal(CreditOutcomeKind.Applied, (await account.ReserveAsync("t1", 3)).Kind);
        await AssertBalance(account, granted: 10, reserved: 3, spent: 0);
    }

    [Fact]
    public async Task A_write_whose_answer_is_lost_shows_what_was_stored_and_a_retry_is_already_applied()
    {
        var account = await CreatedAccount(10);
        await account.ReserveAsync("t1", 3);
        fixture.Storage.FailNextWrite(Segment(account, 0), WriteFault.AfterStoring);

        await AssertStorageFailure(() => account.SettleAsync("t1", 3));

        Assert.Equal(new Balance { Granted = 10, Spent = 3, LedgerVersion = 3 }, await account.GetBalanceAsync());
        Assert.Equal(CreditOutcomeKind.AlreadyApplied, (await account.SettleAsync("t1", 3)).Kind);
        // The next write goes over the stored version, not the one the lost answer left behind.
        Assert.Equal(CreditOutcomeKind.Applied, (await account.GrantAsync(1, "after")).Kind);
        Assert.Equal(4, fixture.Storage.Stored<LedgerSegment>(LedgerSegments.StateName, Segment(account, 0))!.Entries.Count);
    }

    [Fact]
    public async Task A_failed_create_leaves_no_account()
    {
        var account = NewAccount();
        fixture.Storage.FailNextWrite(account.GetGrainId(), WriteFault.BeforeStoring);

        await AssertStorageFailure(() => account.CreateAsync("Team", 10, "opening"));

        Assert.Null(await account.GetAsync());
        Assert.Equal(new Balance(), await account.GetBalanceAsync());
        Assert.Equal(CreditOutcomeKind.NoAccount, (await account.ReserveAsync("t1", 3)).Kind);

        // The opening grant was stored before the account; the retry creates the account without granting again.
        await account.CreateAsync("Team", 10, "opening");
        Assert.Equal(new Balance { Granted = 10, LedgerVersion = 1 }, await account.GetBalanceAsync());
    }

    [Fact]
    public async Task The_reconciler_is_registered_with_the_first_reservation_and_stays_until_a_tick_finds_none_open()
    {
        var account = await CreatedAccount(10);
        Assert.False(await ReconcilerRegistered(account));

        await account.ReserveAsync("t1", 3);
        await account.ReserveAsync("t2", 3);
        Assert.True(await ReconcilerRegistered(account));

        await account.SettleAsync("t1", 3);
        await account.ReleaseAsync("t2", "failed");
        Assert.True(await ReconcilerRegistered(account));

        await TickReconcilerAsync(account);
        Assert.False(await ReconcilerRegistered(account));
    }

    [Fact]
    public async Task The_reconciler_releases_reservations_whose_task_was_never_created_and_leaves_existing_tasks_alone()
    {
        var account = await CreatedAccount(10);
        var existing = $"task-{Guid.NewGuid():N}";
        var orphan = $"task-{Guid.NewGuid():N}";
        fixture.Storage.Put("task", fixture.Client.GetGrain<ITaskGrain>(existing).GetGrainId(), FinishedTask(account.GetPrimaryKeyString()));
        await account.ReserveAsync(existing, 3);
        await account.ReserveAsync(orphan, 4);

        await TickReconcilerAsync(account);

        await AssertBalance(account, granted: 10, reserved: 3, spent: 0);
        var release = (await account.GetLedgerAsync(0, 100)).Entries[^1];
        Assert.Equal(
            (LedgerEntryKind.Release, orphan, 4L, AccountGrain.OrphanReason),
            (release.Kind, release.TaskId, release.Amount, release.Reason));
        Assert.True(await ReconcilerRegistered(account));

        await account.SettleAsync(existing, 3);
        await TickReconcilerAsync(account);
        Assert.False(await ReconcilerRegistered(account));
    }

    [Fact]
    public async Task A_reconcile_tick_with_nothing_open_unregisters_the_reconciler()
    {
        var account = await CreatedAccount(10);
        await account.ReserveAsync("t1", 3);
        await account.SettleAsync("t1", 3);
        await fixture.Client.GetGrain<IRemindable>(account.GetGrainId()).ReceiveReminder("unrelated", default);

        await TickReconcilerAsync(account);

        Assert.False(await ReconcilerRegistered(account));
        Assert.Equal(3, (await account.GetBalanceAsync()).LedgerVersion);
    }

    [Fact]
    public async Task Reservations_made_together_are_applied_in_order_with_one_ledger_write()
    {
        var account = await CreatedAccount(10);

        var outcomes = await account.ReserveManyAsync([new("t1", 3), new("t2", 3), new("t3", 5), new("t1", 3), new("t4", 4)]);

        Assert.Equal(
            [CreditOutcomeKind.Applied, CreditOutcomeKind.Applied, CreditOutcomeKind.Insufficient, CreditOutcomeKind.AlreadyApplied, CreditOutcomeKind.Applied],
            outcomes.Select(o => o.Kind));
        Assert.All(outcomes, o => Assert.Equal(10, o.Balance.Reserved));
        await AssertBalance(account, granted: 10, reserved: 10, spent: 0);
        Assert.Equal(["t1", "t2", "t4"], (await account.GetLedgerAsync(0, 100)).Entries.Where(e => e.Kind == LedgerEntryKind.Reserve).Select(e => e.TaskId));
    }

    [Fact]
    public async Task A_batch_whose_ledger_write_fails_holds_none_of_its_reservations()
    {
        var account = await CreatedAccount(10);
        fixture.Storage.FailNextWrite(Segment(account, 0), WriteFault.BeforeStoring);

        await Assert.ThrowsAnyAsync<Exception>(() => account.ReserveManyAsync([new("t1", 3), new("t2", 3)]));

        await AssertBalance(account, granted: 10, reserved: 0, spent: 0);
        Assert.Equal(CreditOutcomeKind.Applied, (await account.ReserveAsync("t1", 3)).Kind);
    }

    [Fact]
    public async Task Concurrent_reservations_through_the_silos_batcher_each_get_their_own_outcome()
    {
        var account = await CreatedAccount(100);
        var batcher = fixture.Silo.GetRequiredService<ReservationBatcher>();

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => batcher.ReserveAsync(account.GetPrimaryKeyString(), $"t{i}", 3)));

        Assert.Equal(33, outcomes.Count(o => o.Kind == CreditOutcomeKind.Applied));
        Assert.Equal(7, outcomes.Count(o => o.Kind == CreditOutcomeKind.Insufficient));
        await AssertBalance(account, granted: 100, reserved: 99, spent: 0);
        var reserved = (await account.GetLedgerAsync(0, 100)).Entries.Where(e => e.Kind == LedgerEntryKind.Reserve).Select(e => e.TaskId).ToHashSet();
        Assert.Equal(33, reserved.Count);
        Assert.All(Enumerable.Range(0, 40), i => Assert.Equal(reserved.Contains($"t{i}"), outcomes[i].Kind == CreditOutcomeKind.Applied));
    }

    [Fact]
    public async Task Closings_made_together_are_applied_in_order_with_one_ledger_write()
    {
        var account = await CreatedAccount(10);
        await account.ReserveManyAsync([new("t1", 3), new("t2", 3), new("t3", 2)]);
        await account.SettleAsync("t3", 2);
        var ledgerWrites = fixture.Storage.CountWrites((_, id, _) => id == Segment(account, 0));

        var outcomes = await account.CloseManyAsync(
        [
            ReservationClose.Settle("t1", 3),
            ReservationClose.Release("t2", "failed"),
            ReservationClose.Settle("t1", 3),
            ReservationClose.Settle("t3", 2),
            ReservationClose.Release("t3", "failed"),
            ReservationClose.Settle("t9", 1),
            ReservationClose.Release("t2", "again"),
        ]);

        Assert.Equal(
            [
                CreditOutcomeKind.Applied, CreditOutcomeKind.Applied, CreditOutcomeKind.AlreadyApplied, CreditOutcomeKind.AlreadyApplied,
                CreditOutcomeKind.NotReserved, CreditOutcomeKind.NotReserved, CreditOutcomeKind.AlreadyApplied,
            ],
            outcomes.Select(o => o.Kind));
        Assert.All(outcomes, o => Assert.Equal((0L, 5L), (o.Balance.Reserved, o.Balance.Spent)));
        Assert.Equal(1, ledgerWrites.Stored);
        await AssertBalance(account, granted: 10, reserved: 0, spent: 5);
        var closings = (await account.GetLedgerAsync(5, 100)).Entries;
        Assert.Equal([(LedgerEntryKind.Settle, "t1", 3L), (LedgerEntryKind.Release, "t2", 3L)], closings.Select(e => (e.Kind, e.TaskId, e.Amount)));
    }

    [Theory]
    [InlineData(WriteFault.BeforeStoring)]
    [InlineData(WriteFault.AfterStoring)]
    public async Task A_closing_batch_whose_ledger_write_fails_fails_whole_and_memory_follows_storage(WriteFault fault)
    {
        var account = await CreatedAccount(10);
        await account.ReserveManyAsync([new("t1", 3), new("t2", 3)]);
        fixture.Storage.FailNextWrite(Segment(account, 0), fault);

        await AssertStorageFailure(() => account.CloseManyAsync([ReservationClose.Settle("t1", 3), ReservationClose.Release("t2", "failed")]));
        var afterFailure = await account.GetBalanceAsync();
        var openAfterFailure = await account.GetOpenReservationsAsync();
        var retried = await account.CloseManyAsync([ReservationClose.Settle("t1", 3), ReservationClose.Release("t2", "failed")]);

        if (fault == WriteFault.BeforeStoring)
        {
            // Nothing was stored: memory holds none of the batch, and the retry closes both.
            Assert.Equal((6L, 0L), (afterFailure.Reserved, afterFailure.Spent));
            Assert.Equal(["t1", "t2"], openAfterFailure.Order(StringComparer.Ordinal));
            Assert.Equal([CreditOutcomeKind.Applied, CreditOutcomeKind.Applied], retried.Select(o => o.Kind));
        }
        else
        {
            // The write landed though the call failed: memory is read back from storage, and the retry finds both closed.
            Assert.Equal((0L, 3L), (afterFailure.Reserved, afterFailure.Spent));
            Assert.Empty(openAfterFailure);
            Assert.Equal([CreditOutcomeKind.AlreadyApplied, CreditOutcomeKind.AlreadyApplied], retried.Select(o => o.Kind));
        }

        await AssertBalance(account, granted: 10, reserved: 0, spent: 3);
        Assert.Equal(
            [LedgerEntryKind.Grant, LedgerEntryKind.Reserve, LedgerEntryKind.Reserve, LedgerEntryKind.Settle, LedgerEntryKind.Release],
            (await ReadWholeLedgerAsync(account)).Select(e => e.Kind));
    }

    [Fact]
    public async Task Concurrent_closings_through_the_silos_batcher_share_ledger_writes_and_each_get_their_own_outcome()
    {
        const int tasks = 20;
        var account = await CreatedAccount(100);
        var accountId = account.GetPrimaryKeyString();
        await account.ReserveManyAsync([.. Enumerable.Range(0, tasks).Select(i => new Reservation($"t{i}", 3))]);
        var batcher = fixture.Silo.GetRequiredService<ReservationCloseBatcher>();
        var ledgerWrites = fixture.Storage.CountWrites((_, id, _) => id == Segment(account, 0));

        // The first batch's write waits until every closing is queued, so those after it can only go in one batch.
        Task<CreditOutcome[]> closing;
        using (var hold = fixture.Storage.HoldWrites((_, id, _) => id == Segment(account, 0)))
        {
            closing = Task.WhenAll(Enumerable.Range(0, tasks).Select(i => batcher.CloseAsync(
                accountId,
                i % 2 == 0 ? ReservationClose.Settle($"t{i}", 2) : ReservationClose.Release($"t{i}", "failed"))));
            Assert.Equal(tasks, batcher.Pending(accountId));
            await hold.Held.WaitAsync(TimeSpan.FromSeconds(30));
        }

        var outcomes = await closing;

        Assert.All(outcomes, o => Assert.Equal(CreditOutcomeKind.Applied, o.Kind));
        Assert.InRange(ledgerWrites.Stored, 1, 2);
        await AssertBalance(account, granted: 100, reserved: 0, spent: 2 * (tasks / 2));
        var closings = (await ReadWholeLedgerAsync(account)).Where(e => e.Kind is LedgerEntryKind.Settle or LedgerEntryKind.Release).ToList();
        Assert.Equal(tasks, closings.Count);
        Assert.Equal(Enumerable.Range(0, tasks).Select(i => $"t{i}").ToHashSet(), closings.Select(e => e.TaskId).ToHashSet());
        Assert.All(closings, e => Assert.Equal(int.Parse(e.TaskId[1..]) % 2 == 0 ? LedgerEntryKind.Settle : LedgerEntryKind.Release, e.Kind));
    }

    [Fact]
    public async Task The_ledger_pages_oldest_first_with_the_page_size_clamped()
    {
        var account = await CreatedAccount(10);
        await account.ReserveAsync("t1", 3);
        await account.ReleaseAsync("t1", "failed");

        var first = await account.GetLedgerAsync(0, 0);
        var rest = await account.GetLedgerAsync(first.NextAfterSequence, 10_000);

        Assert.Equal([1L], first.Entries.Select(e => e.Sequence));
        Assert.Equal(1, first.NextAfterSequence);
        Assert.Equal([LedgerEntryKind.Reserve, LedgerEntryKind.Release], rest.Entries.Select(e => e.Kind));
        Assert.Equal(0, rest.NextAfterSequence);
    }

    private static TaskState FinishedTask(string accountId) => new()
    {
        AccountId = accountId,
        Request = new ImageRequest { Model = "gpt-image-2", Prompt = "a lighthouse" },
        CreatedAt = DateTimeOffset.UtcNow,
        History = [new TaskProgress { Version = 1, Status = ImageTaskStatus.Succeeded, UpdatedAt = DateTimeOffset.UtcNow }],
        ReservedCredits = 3,
        CreditsClosed = true,
    };
}
