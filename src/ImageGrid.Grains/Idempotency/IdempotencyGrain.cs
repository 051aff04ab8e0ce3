using Microsoft.Extensions.Options;

namespace ImageGrid.Grains.Idempotency;

/// <summary>Non-reentrant, so concurrent duplicates are answered one after another from the first claim.</summary>
public sealed class IdempotencyGrain(
    [PersistentState("claim", StorageNames.Idempotency)] IPersistentState<IdempotencyRecord> state,
    IOptions<IdempotencyOptions> options,
    TimeProvider time) : Grain, IIdempotencyGrain
{
    public async Task<IdempotencyClaim> ClaimAsync(string fingerprint, string proposedTaskId)
    {
        var now = time.GetUtcNow();
        var claim = state.State;
        if (state.RecordExists && now - claim.ClaimedAt < options.Value.Retention)
        {
            return new IdempotencyClaim { TaskId = claim.TaskId, IsConflict = claim.Fingerprint != fingerprint };
        }

        state.State = new IdempotencyRecord { TaskId = proposedTaskId, Fingerprint = fingerprint, ClaimedAt = now };
        await state.WriteOrReloadAsync(this);
        return new IdempotencyClaim { TaskId = proposedTaskId };
    }
}
