using ImageGrid.Grains.Accounts;

namespace ImageGrid.Grains.Tests.Accounts;

public sealed class CreditLedgerTests
{
    private static readonly DateTimeOffset T0 = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly AccountState _state = new();
    private readonly CreditLedger _ledger;

    public CreditLedgerTests()
    {
        _ledger = new CreditLedger(_state);
    }

    private CreditLedger Funded(long credits)
    {
        _ledger.Grant(credits, "opening", T0);
        return _ledger;
    }

    private static void AssertBalance(CreditLedger ledger, long granted, long reserved, long spent, long available)
    {
        Assert.Equal(
            (granted, reserved, spent, available),
            (ledger.Balance.Granted, ledger.Balance.Reserved, ledger.Balance.Spent, ledger.Balance.Available));
        Assert.Equal(ledger.Granted, ledger.Available + ledger.Reserved + ledger.Spent);
    }

    [Fact]
    public void A_new_ledger_is_empty()
    {
        AssertBalance(_ledger, 0, 0, 0, 0);
        Assert.Equal(0, _ledger.Version);
        Assert.Empty(_ledger.Unstored);
    }

    [Fact]
    public void Grant_adds_to_granted_and_available_and_appends_one_entry()
    {
        Assert.Equal(CreditOutcomeKind.Applied, _ledger.Grant(10, "opening", T0));
        Assert.Equal(CreditOutcomeKind.Applied, _ledger.Grant(5, "top-up", T0.AddMinutes(1)));

        AssertBalance(_ledger, granted: 15, reserved: 0, spent: 0, available: 15);
        Assert.Equal(2, _ledger.Version);
        Assert.Equal(
            new LedgerEntry { Sequence = 2, Kind = LedgerEntryKind.Grant, Amount = 5, Reason = "top-up", At = T0.AddMinutes(1) },
            _ledger.Unstored[1]);
    }

    [Fact]
    public void Deduct_takes_from_granted_and_appends_one_entry()
    {
        var ledger = Funded(10);

        Assert.Equal(CreditOutcomeKind.Applied, ledger.Deduct(4, "correction", T0.AddMinutes(1)));

        AssertBalance(ledger, granted: 6, reserved: 0, spent: 0, available: 6);
        Assert.Equal(
            new LedgerEntry { Sequence = 2, Kind = LedgerEntryKind.Deduct, Amount = 4, Reason = "correction", At = T0.AddMinutes(1) },
            ledger.Unstored[^1]);
    }

    [Fact]
    public void Deduct_of_everything_available_is_applied()
    {
        var ledger = Funded(10);

        Assert.Equal(CreditOutcomeKind.Applied, ledger.Deduct(10, "close", T0));

        AssertBalance(ledger, granted: 0, reserved: 0, spent: 0, available: 0);
    }

    [Fact]
    public void Deduct_beyond_available_is_refused_and_appends_nothing()
    {
        var ledger = Funded(10);
        ledger.Reserve("t1", 3, T0);

        Assert.Equal(CreditOutcomeKind.Insufficient, ledger.Deduct(8, "too much", T0));

        AssertBalance(ledger, granted: 10, reserved: 3, spent: 0, available: 7);
        Assert.Equal(2, ledger.Version);
    }

    [Fact]
    public void Reserve_holds_the_amount_and_appends_one_entry()
    {
        var ledger = Funded(10);

        Assert.Equal(CreditOutcomeKind.Applied, ledger.Reserve("t1", 3, T0.AddSeconds(5)));

        AssertBalance(ledger, granted: 10, reserved: 3, spent: 0, available: 7);
        Assert.Equal(1, ledger.OpenReservationCount);
        Assert.Equal(
            new LedgerEntry { Sequence = 2, Kind = LedgerEntryKind.Reserve, Amount = 3, TaskId = "t1", At = T0.AddSeconds(5) },
            ledger.Unstored[^1]);
    }

    [Fact]
    public void Reserve_of_everything_available_is_applied()
    {
        var ledger = Funded(3);

        Assert.Equal(CreditOutcomeKind.Applied, ledger.Reserve("t1", 3, T0));

        AssertBalance(ledger, granted: 3, reserved: 3, spent: 0, available: 0);
    }

    [Fact]
    public void Reserve_twice_for_one_task_holds_once()
    {
        var ledger = Funded(10);
        ledger.Reserve("t1", 3, T0);

        Assert.Equal(CreditOutcomeKind.AlreadyApplied, ledger.Reserve("t1", 3, T0));
        Assert.Equal(CreditOutcomeKind.AlreadyApplied, ledger.Reserve("t1", 5, T0));

        AssertBalance(ledger, granted: 10, reserved: 3, spent: 0, available: 7);
        Assert.Equal(2, ledger.Version);
    }

    [Fact]
    public void Reserve_beyond_available_holds_nothing_and_appends_nothing()
    {
        var ledger = Funded(5);
        ledger.Reserve("t1", 3, T0);

        Assert.Equal(CreditOutcomeKind.Insufficient, ledger.Reserve("t2", 3, T0));

        AssertBalance(ledger, granted: 5, reserved: 3, spent: 0, available: 2);
        Assert.Equal(2, ledger.Version);
        Assert.Equal(["t1"], ledger.OpenReservationsOlderThan(DateTimeOffset.MaxValue));
    }

    [Fact]
    public void A_task_refused_for_insufficient_credits_can_reserve_once_credits_arrive()
    {
        var ledger = Funded(2);
        Assert.Equal(CreditOutcomeKind.Insufficient, ledger.Reserve("t1", 3, T0));

        ledger.Grant(1, "top-up", T0);

        Assert.Equal(CreditOutcomeKind.Applied, ledger.Reserve("t1", 3, T0));
        AssertBalance(ledger, granted: 3, reserved: 3, spent: 0, available: 0);
    }

    [Fact]
    public void Reserve_after_settle_is_already_applied_and_holds_nothing()
    {
        var ledger = Funded(10);
        ledger.Reserve("t1", 3, T0);
        ledger.Settle("t1", 3, T0);

        Assert.Equal(CreditOutcomeKind.AlreadyApplied, ledger.Reserve("t1", 3, T0));

        AssertBalance(ledger, granted: 10, reserved: 0, spent: 3, available: 7);
        Assert.Equal(3, ledger.Version);
    }

    [Fact]
    public void Reserve_after_release_is_already_applied_and_holds_nothing()
    {
        var ledger = Funded(10);
        ledger.Reserve("t1", 3, T0);
        ledger.Release("t1", "failed", T0);

        Assert.Equal(CreditOutcomeKind.AlreadyApplied, ledger.Reserve("t1", 3, T0));

        AssertBalance(ledger, granted: 10, reserved: 0, spent: 0, available: 10);
        Assert.Equal(3, ledger.Version);
    }

    [Fact]
    public void Settle_moves_the_reservation_to_spent_at_the_final_amount()
    {
        var ledger = Funded(10);
        ledger.Reserve("t1", 3, T0);

        Assert.Equal(CreditOutcomeKind.Applied, ledger.Settle("t1", 2, T0.AddMinutes(1)));

        AssertBalance(ledger, granted: 10, reserved: 0, spent: 2, available: 8);
        Assert.Equal(0, ledger.OpenReservationCount);
        Assert.Equal(
            new LedgerEntry { Sequence = 3, Kind = LedgerEntryKind.Settle, Amount = 2, TaskId = "t1", At = T0.AddMinutes(1), ReservedAmount = 3 },
            ledger.Unstored[^1]);
    }

    [Fact]
    public void Settle_at_zero_returns_the_whole_reservation()
    {
        var ledger = Funded(10);
        ledger.Reserve("t1", 3, T0);

        Assert.Equal(CreditOutcomeKind.Applied, ledger.Settle("t1", 0, T0));

        AssertBalance(ledger, granted: 10, reserved: 0, spent: 0, available: 10);
        Assert.Equal(LedgerEntryKind.Settle, ledger.Unstored[^1].Kind);
    }

    [Fact]
    public void Settle_above_the_reservation_may_take_available_below_zero_and_keeps_the_invariant()
    {
        var ledger = Funded(3);
        ledger.Reserve("t1", 3, T0);

        Assert.Equal(CreditOutcomeKind.Applied, ledger.Settle("t1", 5, T0));

        AssertBalance(ledger, granted: 3, reserved: 0, spent: 5, available: -2);
        Assert.Equal(CreditOutcomeKind.Insufficient, ledger.Reserve("t2", 1, T0));
        Assert.Equal(CreditOutcomeKind.Insufficient, ledger.Deduct(1, "x", T0));
    }

    [Fact]
    public void Settle_twice_counts_once()
    {
        var ledger = Funded(10);
        ledger.Reserve("t1", 3, T0);
        ledger.Settle("t1", 3, T0);

        Assert.Equal(CreditOutcomeKind.AlreadyApplied, ledger.Settle("t1", 3, T0));
        Assert.Equal(CreditOutcomeKind.AlreadyApplied, ledger.Settle("t1", 1, T0));

        AssertBalance(ledger, granted: 10, reserved: 0, spent: 3, available: 7);
        Assert.Equal(3, ledger.Version);
    }

    [Fact]
    public void Settle_after_release_is_not_reserved()
    {
        var ledger = Funded(10);
        ledger.Reserve("t1", 3, T0);
        ledger.Release("t1", "failed", T0);

        Assert.Equal(CreditOutcomeKind.NotReserved, ledger.Settle("t1", 3, T0));

        AssertBalance(ledger, granted: 10, reserved: 0, spent: 0, available: 10);
        Assert.Equal(3, ledger.Version);
    }

    [Fact]
    public void Settle_without_a_reservation_is_not_reserved()
    {
        var ledger = Funded(10);

        Assert.Equal(CreditOutcomeKind.NotReserved, ledger.Settle("t1", 3, T0));

        AssertBalance(ledger, granted: 10, reserved: 0, spent: 0, available: 10);
        Assert.Equal(1, ledger.Version);
        Assert.Equal(CreditOutcomeKind.Applied, ledger.Reserve("t1", 3, T0));
    }

    [Fact]
    public void Release_returns_the_reservation_to_available()
    {
        var ledger = Funded(10);
        ledger.Reserve("t1", 3, T0);

        Assert.Equal(CreditOutcomeKind.Applied, ledger.Release("t1", "failed upstream", T0.AddMinutes(2)));

        AssertBalance(ledger, granted: 10, reserved: 0, spent: 0, available: 10);
        Assert.Equal(0, ledger.OpenReservationCount);
        Assert.Equal(
            new LedgerEntry { Sequence = 3, Kind = LedgerEntryKind.Release, Amount = 3, TaskId = "t1", Reason = "failed upstream", At = T0.AddMinutes(2) },
            ledger.Unstored[^1]);
    }

    [Fact]
    public void Release_twice_counts_once()
    {
        var ledger = Funded(10);
        ledger.Reserve("t1", 3, T0);
        ledger.Release("t1", "failed", T0);

        Assert.Equal(CreditOutcomeKind.AlreadyApplied, ledger.Release("t1", "failed again", T0));

        AssertBalance(ledger, granted: 10, reserved: 0, spent: 0, available: 10);
        Assert.Equal(3, ledger.Version);
    }

    [Fact]
    public void Release_after_settle_is_not_reserved()
    {
        var ledger = Funded(10);
        ledger.Reserve("t1", 3, T0);
        ledger.Settle("t1", 3, T0);

        Assert.Equal(CreditOutcomeKind.NotReserved, ledger.Release("t1", "late failure", T0));

        AssertBalance(ledger, granted: 10, reserved: 0, spent: 3, available: 7);
        Assert.Equal(3, ledger.Version);
    }

    [Fact]
    public void Release_without_a_reservation_is_not_reserved()
    {
        var ledger = Funded(10);

        Assert.Equal(CreditOutcomeKind.NotReserved, ledger.Release("t1", "never held", T0));

        AssertBalance(ledger, granted: 10, reserved: 0, spent: 0, available: 10);
        Assert.Equal(1, ledger.Version);
    }

    [Fact]
    public void Reservations_of_different_tasks_are_independent()
    {
        var ledger = Funded(10);
        ledger.Reserve("t1", 3, T0);
        ledger.Reserve("t2", 4, T0);

        ledger.Settle("t1", 3, T0);

        AssertBalance(ledger, granted: 10, reserved: 4, spent: 3, available: 3);
        Assert.Equal(CreditOutcomeKind.Applied, ledger.Release("t2", "failed", T0));
        AssertBalance(ledger, granted: 10, reserved: 0, spent: 3, available: 7);
    }

    [Fact]
    public void Sequences_run_one_two_three_and_the_balance_carries_the_last()
    {
        var ledger = Funded(10);
        ledger.Reserve("t1", 3, T0);
        ledger.Reserve("t1", 3, T0);
        ledger.Settle("t1", 3, T0);
        ledger.Deduct(100, "refused", T0);
        ledger.Grant(1, "more", T0);

        Assert.Equal([1L, 2, 3, 4], ledger.Unstored.Select(e => e.Sequence));
        Assert.Equal(4, ledger.Balance.LedgerVersion);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Amounts_must_be_positive(long amount)
    {
        var ledger = Funded(10);
        ledger.Reserve("t1", 3, T0);

        Assert.Throws<ArgumentOutOfRangeException>(() => ledger.Grant(amount, "x", T0));
        Assert.Throws<ArgumentOutOfRangeException>(() => ledger.Deduct(amount, "x", T0));
        Assert.Throws<ArgumentOutOfRangeException>(() => ledger.Reserve("t2", amount, T0));
        Assert.Equal(2, ledger.Version);
    }

    [Fact]
    public void A_settlement_may_be_zero_but_not_negative()
    {
        var ledger = Funded(10);
        ledger.Reserve("t1", 3, T0);

        Assert.Throws<ArgumentOutOfRangeException>(() => ledger.Settle("t1", -1, T0));

        AssertBalance(ledger, granted: 10, reserved: 3, spent: 0, available: 7);
        Assert.Equal(2, ledger.Version);
    }

    [Fact]
    public void Task_ids_must_not_be_empty()
    {
        var ledger = Funded(10);

        Assert.Throws<ArgumentException>(() => ledger.Reserve("", 1, T0));
        Assert.Throws<ArgumentException>(() => ledger.Settle("", 1, T0));
        Assert.Throws<ArgumentException>(() => ledger.Release("", "x", T0));
        Assert.Equal(1, ledger.Version);
    }

    [Fact]
    public void Open_reservations_older_than_a_cutoff_are_listed_oldest_first()
    {
        var ledger = Funded(100);
        ledger.Reserve("late", 1, T0.AddMinutes(10));
        ledger.Reserve("early", 1, T0);
        ledger.Reserve("middle", 1, T0.AddMinutes(5));
        ledger.Reserve("settled", 1, T0.AddMinutes(1));
        ledger.Reserve("released", 1, T0.AddMinutes(2));
        ledger.Settle("settled", 1, T0.AddMinutes(3));
        ledger.Release("released", "x", T0.AddMinutes(3));

        Assert.Equal(["early", "middle"], ledger.OpenReservationsOlderThan(T0.AddMinutes(10)));
        Assert.Equal(["early", "middle", "late"], ledger.OpenReservationsOlderThan(T0.AddMinutes(11)));
        Assert.Empty(ledger.OpenReservationsOlderThan(T0));
    }
}
