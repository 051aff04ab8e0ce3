namespace ImageGrid.Grains.Accounts;

/// <summary>Up to <see cref="LedgerSegments.Size"/> consecutive ledger entries, stored as one record.</summary>
[GenerateSerializer, Alias("imagegrid.LedgerSegment")]
public sealed class LedgerSegment
{
    [Id(0)] public List<LedgerEntry> Entries { get; set; } = [];
}
