namespace ImageGrid.Grains.Idempotency;

/// <summary>
/// One grain per (account, client_request_id), keyed by <see cref="IdempotencyKey.For"/>: remembers which task a
/// caller's request id created, for the configured retention.
/// </summary>
public interface IIdempotencyGrain : IGrainWithStringKey
{
    /// <summary>
    /// The first claim wins with <paramref name="proposedTaskId"/>. A later claim gets the winner's task id, marked as a
    /// conflict when its request's fingerprint differs.
    /// </summary>
    Task<IdempotencyClaim> ClaimAsync(string fingerprint, string proposedTaskId);
}

[GenerateSerializer, Immutable, Alias("imagegrid.IdempotencyClaim")]
public sealed record IdempotencyClaim
{
    [Id(0)] public required string TaskId { get; init; }
    [Id(1)] public bool IsConflict { get; init; }
}

public static class IdempotencyKey
{
    public static string For(string accountId, string clientRequestId) => $"{accountId}/{clientRequestId}";
}
