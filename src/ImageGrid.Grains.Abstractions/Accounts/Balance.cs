namespace ImageGrid.Grains.Accounts;

/// <summary>An account's credits. Always <c>Granted = Available + Reserved + Spent</c>.</summary>
[GenerateSerializer, Immutable, Alias("imagegrid.Balance")]
public sealed record Balance
{
    [Id(0)] public long Granted { get; init; }
    [Id(1)] public long Reserved { get; init; }
    [Id(2)] public long Spent { get; init; }
    /// <summary>The ledger's version: the sequence number of its last entry.</summary>
    [Id(3)] public long LedgerVersion { get; init; }

    public long Available => Granted - Reserved - Spent;
}
