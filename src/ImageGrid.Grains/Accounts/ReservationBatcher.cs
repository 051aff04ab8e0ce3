using System.Collections.Immutable;
using ImageGrid.Grains.Batching;

namespace ImageGrid.Grains.Accounts;

/// <summary>
/// One silo's reservations, sent to each account in batches (<see cref="IAccountGrain.ReserveManyAsync"/>): the creates
/// that queue while the account stores a reservation go together, with one ledger write for all.
/// </summary>
public sealed class ReservationBatcher(IGrainFactory grains) : PerAccountBatcher<Reservation, CreditOutcome>
{
    public Task<CreditOutcome> ReserveAsync(string accountId, string taskId, long amount) =>
        EnqueueAsync(accountId, new Reservation(taskId, amount));

    protected override Task<ImmutableArray<CreditOutcome>> SendAsync(string accountId, ImmutableArray<Reservation> batch) =>
        grains.GetGrain<IAccountGrain>(accountId).ReserveManyAsync(batch);
}
