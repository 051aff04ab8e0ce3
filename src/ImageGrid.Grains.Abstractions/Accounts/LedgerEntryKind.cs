namespace ImageGrid.Grains.Accounts;

[GenerateSerializer, Alias("imagegrid.LedgerEntryKind")]
public enum LedgerEntryKind
{
    Unspecified = 0,
    Grant = 1,
    Deduct = 2,
    Reserve = 3,
    Settle = 4,
    Release = 5,
}
