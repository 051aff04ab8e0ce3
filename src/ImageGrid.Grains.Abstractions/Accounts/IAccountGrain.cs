using System.Collections.Immutable;
using Orleans.Concurrency;

namespace ImageGrid.Grains.Accounts;

/// <summary>
/// One grain per account (keyed by account id): its API keys and its credits, kept as a reservation ledger. Reserve,
/// settle and release are idempotent per task id, so a re-driven task can never count twice.
/// </summary>
public interface IAccountGrain : IGrainWithStringKey
{
    /// <summary>Creates the account with an opening grant; returns the existing account unchanged if it exists.</summary>
    Task<AccountInfo> CreateAsync(string displayName, long openingCredits, string reason);

    /// <summary>The account, or null when it does not exist.</summary>
    Task<AccountInfo?> GetAsync();

    Task<Balance> GetBalanceAsync();

    /// <summary>Adds a key made by the caller (only its hash is kept) and registers it for lookup.</summary>
    Task<ApiKeyInfo> AddKeyAsync(string keyHash, string name);

    /// <summary>Revokes the key; false when the account has no key with this id.</summary>
    Task<bool> RevokeKeyAsync(string keyId);

    Task<CreditOutcome> GrantAsync(long amount, string reason);

    Task<CreditOutcome> DeductAsync(long amount, string reason);

    /// <summary>Holds <paramref name="amount"/> for the task, or answers Insufficient and holds nothing.</summary>
    Task<CreditOutcome> ReserveAsync(string taskId, long amount);

    /// <summary>
    /// <see cref="ReserveAsync"/> for several tasks, in order, with one ledger write for all: the outcomes in the same
    /// order. When the write fails the whole call fails and none is held.
    /// </summary>
    Task<ImmutableArray<CreditOutcome>> ReserveManyAsync(ImmutableArray<Reservation> reservations);

    /// <summary>Closes the task's reservation as spent at <paramref name="finalAmount"/>.</summary>
    Task<CreditOutcome> SettleAsync(string taskId, long finalAmount);

    /// <summary>Closes the task's reservation and returns it to available.</summary>
    Task<CreditOutcome> ReleaseAsync(string taskId, string reason);

    /// <summary>
    /// <see cref="SettleAsync"/> or <see cref="ReleaseAsync"/> for several tasks, in order, with one ledger write for
    /// all: the outcomes in the same order. When the write fails the whole call fails and none is closed.
    /// </summary>
    Task<ImmutableArray<CreditOutcome>> CloseManyAsync(ImmutableArray<ReservationClose> closes);

    /// <summary>The ids of the tasks whose reservation is open: every task not yet finished (and any never created).</summary>
    [AlwaysInterleave]
    Task<ImmutableArray<string>> GetOpenReservationsAsync();

    /// <summary>Ledger entries after <paramref name="afterSequence"/>, oldest first.</summary>
    Task<LedgerPage> GetLedgerAsync(long afterSequence, int pageSize);
}

/// <summary>One task's price to hold, for <see cref="IAccountGrain.ReserveManyAsync"/>.</summary>
[GenerateSerializer, Immutable, Alias("imagegrid.Reservation")]
public sealed record Reservation(
    [property: Id(0)] string TaskId,
    [property: Id(1)] long Amount);
