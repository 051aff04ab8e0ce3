namespace ImageGrid.Grains.Accounts;

/// <summary>
/// One task's reservation to close, for <see cref="IAccountGrain.CloseManyAsync"/>: settled at a final amount, or
/// released with a reason.
/// </summary>
[GenerateSerializer, Immutable, Alias("imagegrid.ReservationClose")]
public sealed record ReservationClose
{
    [Id(0)] public required string TaskId { get; init; }

    /// <summary>The credits spent when this is a settlement; null for a release.</summary>
    [Id(1)] public long? FinalAmount { get; init; }

    /// <summary>Why a release gives the reservation back; empty for a settlement.</summary>
    [Id(2)] public string Reason { get; init; } = "";

    // Checked here as well as by the account: a closing goes in a batch with other tasks', and one the account refuses
    // would fail them all.
    public static ReservationClose Settle(string taskId, long finalAmount)
    {
        ArgumentException.ThrowIfNullOrEmpty(taskId);
        ArgumentOutOfRangeException.ThrowIfNegative(finalAmount);
        return new() { TaskId = taskId, FinalAmount = finalAmount };
    }

    public static ReservationClose Release(string taskId, string reason)
    {
        ArgumentException.ThrowIfNullOrEmpty(taskId);
        ArgumentNullException.ThrowIfNull(reason);
        return new() { TaskId = taskId, Reason = reason };
    }
}
