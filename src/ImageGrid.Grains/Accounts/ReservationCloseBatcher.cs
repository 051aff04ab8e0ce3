using System.Collections.Immutable;
using ImageGrid.Grains.Batching;

namespace ImageGrid.Grains.Accounts;

/// <summary>
/// One silo's settlements and releases of finished tasks, sent to each account in batches
/// (<see cref="IAccountGrain.CloseManyAsync"/>): the tasks that finish while the account stores a closing go together,
/// with one ledger write for all.
/// </summary>
public sealed class ReservationCloseBatcher(IGrainFactory grains) : PerAccountBatcher<ReservationClose, CreditOutcome>
{
    public Task<CreditOutcome> CloseAsync(string accountId, ReservationClose close) => EnqueueAsync(accountId, close);

    protected override Task<ImmutableArray<CreditOutcome>> SendAsync(string accountId, ImmutableArray<ReservationClose> batch) =>
        grains.GetGrain<IAccountGrain>(accountId).CloseManyAsync(batch);
}
