using ImageGrid.Grains.Accounts;

namespace ImageGrid.Server.Tests.Infrastructure;

/// <summary>Reads an account's whole ledger and checks it against its balance.</summary>
public static class Ledger
{
    public static async Task<List<LedgerEntry>> ReadAllAsync(IGrainFactory grains, string accountId)
    {
        var account = grains.GetGrain<IAccountGrain>(accountId);
        var entries = new List<LedgerEntry>();
        var after = 0L;
        do
        {
            var page = await account.GetLedgerAsync(after, 100);
            entries.AddRange(page.Entries);
            after = page.NextAfterSequence;
        }
        while (after != 0);
        return entries;
    }

    /// <summary>Granted = available + reserved + spent, and the ledger's lines add up to the balance.</summary>
    public static async Task AssertBalancesAsync(IGrainFactory grains, string accountId)
    {
        var balance = await grains.GetGrain<IAccountGrain>(accountId).GetBalanceAsync();
        var entries = await ReadAllAsync(grains, accountId);

        Assert.Equal(balance.Granted, balance.Available + balance.Reserved + balance.Spent);
        var granted = entries.Where(e => e.Kind == LedgerEntryKind.Grant).Sum(e => e.Amount) - entries.Where(e => e.Kind == LedgerEntryKind.Deduct).Sum(e => e.Amount);
        var spent = entries.Where(e => e.Kind == LedgerEntryKind.Settle).Sum(e => e.Amount);
        var reserved = entries.Where(e => e.Kind == LedgerEntryKind.Reserve).Sum(e => e.Amount)
            - entries.Where(e => e.Kind == LedgerEntryKind.Settle).Sum(e => e.ReservedAmount)
            - entries.Where(e => e.Kind == LedgerEntryKind.Release).Sum(e => e.Amount);
        Assert.Equal((granted, reserved, spent), (balance.Granted, balance.Reserved, balance.Spent));
        Assert.Equal(Enumerable.Range(1, entries.Count).Select(i => (long)i), entries.Select(e => e.Sequence));
    }
}
