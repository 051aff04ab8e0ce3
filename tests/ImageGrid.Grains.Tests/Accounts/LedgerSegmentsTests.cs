using ImageGrid.Grains.Accounts;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace ImageGrid.Grains.Tests.Accounts;

/// <summary>The ledger's segments over a real serializing store: rollover, replay from a checkpoint, paging, the recent window.</summary>
public sealed class LedgerSegmentsTests
{
    private const string Account = "acct-segments";
    private static readonly DateTimeOffset T0 = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly ControllableGrainStorage _storage = new(
        new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<Serializer>());

    private async Task<(CreditLedger Ledger, LedgerSegments Segments, List<bool> Filled)> GrantsAsync(int count, AccountState? state = null)
    {
        var ledger = new CreditLedger(state ?? new AccountState());
        var segments = new LedgerSegments(_storage, Account);
        await segments.LoadAsync(ledger);
        var filled = new List<bool>();
        for (var i = 0; i < count; i++)
        {
            ledger.Grant(1, $"grant {i + 1}", T0);
            filled.Add(await segments.StoreAsync(ledger));
        }

        return (ledger, segments, filled);
    }

    private async Task<(CreditLedger Ledger, LedgerSegments Segments)> ReloadAsync(AccountState checkpoint)
    {
        var ledger = new CreditLedger(checkpoint);
        var segments = new LedgerSegments(_storage, Account);
        await segments.LoadAsync(ledger);
        return (ledger, segments);
    }

    private LedgerSegment? Stored(int number) => _storage.Stored<LedgerSegment>(LedgerSegments.StateName, LedgerSegments.IdOf(Account, number));

    [Fact]
    public async Task Entries_fill_segments_of_512_and_each_filled_segment_asks_for_a_checkpoint()
    {
        var (ledger, _, filled) = await GrantsAsync(1_100);

        Assert.Equal([511, 1023], filled.Select((f, i) => (f, i)).Where(x => x.f).Select(x => x.i));
        Assert.Empty(ledger.Unstored);
        Assert.Equal(Enumerable.Range(1, 512).Select(i => (long)i), Stored(0)!.Entries.Select(e => e.Sequence));
        Assert.Equal(Enumerable.Range(513, 512).Select(i => (long)i), Stored(1)!.Entries.Select(e => e.Sequence));
        Assert.Equal(Enumerable.Range(1025, 76).Select(i => (long)i), Stored(2)!.Entries.Select(e => e.Sequence));
        Assert.Null(Stored(3));
    }

    [Fact]
    public async Task Reloading_replays_every_entry_after_the_checkpoint()
    {
        var checkpoint = new AccountState();
        var (ledger, segments, _) = await GrantsAsync(600, checkpoint);
        // A checkpoint taken at 600, then more entries that only the segments hold.
        var atSixHundred = new AccountState { Granted = checkpoint.Granted, LedgerVersion = checkpoint.LedgerVersion, Exists = true };
        ledger.Reserve("t1", 5, T0);
        ledger.Settle("t1", 4, T0);
        await segments.StoreAsync(ledger);

        var (fromCheckpoint, _) = await ReloadAsync(atSixHundred);
        var (fromNothing, _) = await ReloadAsync(new AccountState());

        foreach (var reloaded in new[] { fromCheckpoint, fromNothing })
        {
            Assert.Equal((602L, 600L, 0L, 4L), (reloaded.Version, reloaded.Granted, reloaded.Reserved, reloaded.Spent));
            Assert.Equal(CreditOutcomeKind.AlreadyApplied, reloaded.Settle("t1", 4, T0));
            Assert.Equal(CreditOutcomeKind.NotReserved, reloaded.Release("t1", "late", T0));
        }
    }

    [Fact]
    public async Task A_reserve_after_reload_does_not_hold_twice_for_an_open_task()
    {
        var (ledger, segments, _) = await GrantsAsync(1);
        ledger.Reserve("t1", 1, T0);
        await segments.StoreAsync(ledger);

        var (reloaded, _) = await ReloadAsync(new AccountState());

        Assert.Equal(CreditOutcomeKind.AlreadyApplied, reloaded.Reserve("t1", 1, T0));
        Assert.Equal(1, reloaded.Reserved);
    }

    [Fact]
    public async Task Closures_are_remembered_for_the_last_two_segments_and_then_forgotten()
    {
        var (ledger, segments, _) = await GrantsAsync(1);
        ledger.Reserve("old", 1, T0);
        ledger.Settle("old", 1, T0);
        await segments.StoreAsync(ledger);
        for (var i = 0; i < 2 * LedgerSegments.Size; i++)
        {
            ledger.Grant(1, "x", T0);
            await segments.StoreAsync(ledger);

            if (i == LedgerSegments.Size)
            {
                // Segment 0 (holding the settlement) is now the previous one: still within the window.
                Assert.Equal(CreditOutcomeKind.AlreadyApplied, ledger.Settle("old", 1, T0));
            }
        }

        // Segment 0 left the window: a repeat cannot be told from a settlement that never happened.
        Assert.Equal(CreditOutcomeKind.NotReserved, ledger.Settle("old", 1, T0));
        Assert.Equal(0, ledger.Reserved);
    }

    [Fact]
    public async Task Pages_cross_segments_and_return_each_entry_once_in_order()
    {
        var (ledger, segments, _) = await GrantsAsync(1_100);
        var (reloaded, reloadedSegments) = await ReloadAsync(new AccountState());

        foreach (var (version, store) in new[] { (ledger.Version, segments), (reloaded.Version, reloadedSegments) })
        {
            var seen = new List<long>();
            var pages = 0;
            var after = 0L;
            do
            {
                var page = await store.PageAsync(after, 300, version);
                seen.AddRange(page.Entries.Select(e => e.Sequence));
                after = page.NextAfterSequence;
                pages++;
            }
            while (after != 0 && pages < 10);

            Assert.Equal(4, pages);
            Assert.Equal(Enumerable.Range(1, 1_100).Select(i => (long)i), seen);
        }
    }

    [Fact]
    public async Task A_page_that_ends_exactly_at_the_last_entry_says_nothing_follows()
    {
        var (ledger, segments, _) = await GrantsAsync(2);

        var page = await segments.PageAsync(0, 2, ledger.Version);

        Assert.Equal(2, page.Entries.Length);
        Assert.Equal(0, page.NextAfterSequence);
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(-5, 1)]
    [InlineData(501, 500)]
    [InlineData(int.MaxValue, 500)]
    public async Task Page_size_is_clamped(int pageSize, int expected)
    {
        var (ledger, segments, _) = await GrantsAsync(600);

        Assert.Equal(expected, (await segments.PageAsync(0, pageSize, ledger.Version)).Entries.Length);
    }

    [Theory]
    [InlineData(-1, 1)]
    [InlineData(3, 0)]
    [InlineData(long.MaxValue, 0)]
    public async Task Pages_start_after_the_given_sequence(long afterSequence, int expectedCount)
    {
        var (ledger, segments, _) = await GrantsAsync(3);

        var page = await segments.PageAsync(afterSequence, 1, ledger.Version);

        Assert.Equal(expectedCount, page.Entries.Length);
        Assert.Equal(expectedCount == 0 ? 0 : 1, page.NextAfterSequence);
    }
}
