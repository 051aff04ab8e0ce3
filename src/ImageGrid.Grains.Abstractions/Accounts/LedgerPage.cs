using System.Collections.Immutable;

namespace ImageGrid.Grains.Accounts;

[GenerateSerializer, Immutable, Alias("imagegrid.LedgerPage")]
public sealed record LedgerPage
{
    [Id(0)] public ImmutableArray<LedgerEntry> Entries { get; init; } = [];
    /// <summary>Pass as the next page's start; 0 when there is no more.</summary>
    [Id(1)] public long NextAfterSequence { get; init; }
}
