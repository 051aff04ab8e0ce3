namespace ImageGrid.Grains.Accounts;

/// <summary>One append-only ledger line. <see cref="Amount"/> is always positive; the kind says which way it moves.</summary>
[GenerateSerializer, Immutable, Alias("imagegrid.LedgerEntry")]
public sealed record LedgerEntry
{
    [Id(0)] public long Sequence { get; init; }
    [Id(1)] public LedgerEntryKind Kind { get; init; }
    [Id(2)] public long Amount { get; init; }
    /// <summary>The task a reservation, settlement or release belongs to; empty for grants and deductions.</summary>
    [Id(3)] public string TaskId { get; init; } = "";
    [Id(4)] public string Reason { get; init; } = "";
    [Id(5)] public DateTimeOffset At { get; init; }
    /// <summary>For a settlement: the reservation it closed (the difference went back to available).</summary>
    [Id(6)] public long ReservedAmount { get; init; }
}
