using ImageGrid.Grains.Accounts;

namespace ImageGrid.Grains;

/// <summary>The task as it is after a start, or the balance that could not cover its price (then no task exists).</summary>
[GenerateSerializer, Immutable, Alias("imagegrid.TaskStartResult")]
public sealed record TaskStartResult
{
    [Id(0)] public TaskSnapshot? Task { get; init; }
    [Id(1)] public Balance? InsufficientBalance { get; init; }
}
