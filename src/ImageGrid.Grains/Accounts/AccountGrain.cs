using System.Collections.Immutable;
using System.Security.Cryptography;
using ImageGrid.Grains.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Storage;

namespace ImageGrid.Grains.Accounts;

/// <summary>
/// One activation per account: its keys (hashes only) and its credits. The grain orchestrates: the credit rules are
/// <see cref="CreditLedger"/>'s, and storing (every change is written before it is answered, memory never runs ahead of
/// storage) is <see cref="AccountStore"/>'s. While reservations are open a "reconcile" reminder resumes their tasks
/// (which brings them back after a crash: a task's open reservation is its anchor) and releases those whose task was
/// never created.
/// </summary>
public sealed partial class AccountGrain(
    [PersistentState("account", StorageNames.Accounts)] IPersistentState<AccountState> state,
    IGrainFactory grains,
    TimeProvider time,
    IOptions<AccountOptions> options,
    CreditMetrics metrics,
    ILogger<AccountGrain> logger) : Grain, IAccountGrain, IRemindable
{
    public const string ReconcileReminder = "reconcile";
    public const string OrphanReason = "orphaned: the task was never created";

    /// <summary>How many tasks one reconcile tick resumes at a time.</summary>
    private const int ResumeBatch = 256;

    private static readonly CreditOutcome NoAccount = new() { Kind = CreditOutcomeKind.NoAccount, Balance = new Balance() };

    private readonly AccountOptions _options = options.Value;
    /// <summary>Whether the reconcile reminder is registered, as far as this activation knows (null: not known yet).</summary>
    private bool? _reconcilerRegistered;
    private AccountStore _store = null!;
    /// <summary>The reconciler's resumption of young reservations' tasks; one at a time.</summary>
    private Task _resuming = Task.CompletedTask;

    private string AccountId => this.GetPrimaryKeyString();

    private bool Exists => state.State.Exists;

    private CreditLedger Ledger => _store.Ledger;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var segments = new LedgerSegments(ServiceProvider.GetRequiredKeyedService<IGrainStorage>(StorageNames.Accounts), AccountId);
        _store = new AccountStore(state, segments, this, logger, AccountId);
        await _store.LoadAsync();
    }

    public async Task<AccountInfo> CreateAsync(string displayName, long openingCredits, string reason)
    {
        ArgumentNullException.ThrowIfNull(displayName);
        ArgumentNullException.ThrowIfNull(reason);
        ArgumentOutOfRangeException.ThrowIfNegative(openingCredits);
        await _store.RefreshIfStaleAsync();

        if (Exists)
        {
            return Info();
        }

        // The opening grant is stored before the account: a create that stopped in between finds it on the retry
        // (version 1) and does not grant again.
        var now = time.GetUtcNow();
        if (openingCredits > 0 && Ledger.Version == 0)
        {
            Ledger.Grant(openingCredits, reason, now);
            await _store.StoreLedgerAsync();
        }

        state.State.Exists = true;
        state.State.DisplayName = displayName;
        state.State.CreatedAt = now;
        await _store.PersistAsync();
        logger.Created(AccountId, openingCredits);
        return Info();
    }

    public async Task<AccountInfo?> GetAsync()
    {
        await _store.RefreshIfStaleAsync();
        return Exists ? Info() : null;
    }

    public async Task<Balance> GetBalanceAsync()
    {
        await _store.RefreshIfStaleAsync();
        return Exists ? Ledger.Balance : NoAccount.Balance;
    }

    /// <exception cref="InvalidOperationException">The account does not exist, or the key belongs to another account.</exception>
    public async Task<ApiKeyInfo> AddKeyAsync(string keyHash, string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(keyHash);
        ArgumentNullException.ThrowIfNull(name);
        await _store.RefreshIfStaleAsync();

        if (!Exists)
        {
            throw new InvalidOperationException("The account does not exist.");
        }

        var keyGrain = grains.GetGrain<IApiKeyGrain>(keyHash);
        var key = state.State.Keys.Find(k => string.Equals(k.KeyHash, keyHash, StringComparison.Ordinal));
        if (key is not null)
        {
            // A repeat: make sure the key grain agrees, in case an earlier attempt stopped after the account's write.
            if (key.RevokedAt is null)
            {
                await keyGrain.RegisterAsync(AccountId, key.KeyId);
            }
            else
            {
                await keyGrain.RevokeAsync();
            }

            return key;
        }

        key = new ApiKeyInfo { KeyId = NewKeyId(), Name = name, KeyHash = keyHash, CreatedAt = time.GetUtcNow() };
        state.State.Keys.Add(key);
        await _store.PersistAsync();
        try
        {
            await keyGrain.RegisterAsync(AccountId, key.KeyId);
        }
        catch (InvalidOperationException)
        {
            // The key already resolves to another account: it must not be listed on this one.
            state.State.Keys.Remove(key);
            await _store.PersistAsync();
            throw;
        }

        logger.KeyAdded(AccountId, key.KeyId);
        return key;
    }

    public async Task<bool> RevokeKeyAsync(string keyId)
    {
        ArgumentNullException.ThrowIfNull(keyId);
        await _store.RefreshIfStaleAsync();

        var index = Exists ? state.State.Keys.FindIndex(k => string.Equals(k.KeyId, keyId, StringComparison.Ordinal)) : -1;
        if (index < 0)
        {
            return false;
        }

        // The key grain first: if the account's write then fails, the key is already refused everywhere (fail closed),
        // and a retry finds it still listed as active and completes the revocation.
        var key = state.State.Keys[index];
        await grains.GetGrain<IApiKeyGrain>(key.KeyHash).RevokeAsync();
        if (key.RevokedAt is null)
        {
            state.State.Keys[index] = key with { RevokedAt = time.GetUtcNow() };
            await _store.PersistAsync();
            logger.KeyRevoked(AccountId, key.KeyId);
        }

        return true;
    }

    public async Task<CreditOutcome> GrantAsync(long amount, string reason)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(amount);
        ArgumentNullException.ThrowIfNull(reason);
        await _store.RefreshIfStaleAsync();

        if (!Exists)
        {
            return NoAccount;
        }

        var kind = Ledger.Grant(amount, reason, time.GetUtcNow());
        await _store.StoreLedgerAsync();
        logger.Granted(AccountId, amount, LogText.Escape(reason), Ledger.Available);
        return Outcome(kind);
    }

    public async Task<CreditOutcome> DeductAsync(long amount, string reason)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(amount);
        ArgumentNullException.ThrowIfNull(reason);
        await _store.RefreshIfStaleAsync();

        if (!Exists)
        {
            return NoAccount;
        }

        var kind = Ledger.Deduct(amount, reason, time.GetUtcNow());
        if (kind == CreditOutcomeKind.Applied)
        {
            await _store.StoreLedgerAsync();
            logger.Deducted(AccountId, amount, LogText.Escape(reason), Ledger.Available);
        }

        return Outcome(kind);
    }

    public async Task<CreditOutcome> ReserveAsync(string taskId, long amount) =>
        (await ReserveManyAsync([new Reservation(taskId, amount)]))[0];

    public async Task<ImmutableArray<CreditOutcome>> ReserveManyAsync(ImmutableArray<Reservation> reservations)
    {
        foreach (var reservation in reservations)
        {
            ArgumentException.ThrowIfNullOrEmpty(reservation.TaskId);
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(reservation.Amount);
        }

        await _store.RefreshIfStaleAsync();
        if (!Exists)
        {
            return [.. reservations.Select(_ => NoAccount)];
        }

        var now = time.GetUtcNow();
        var kinds = reservations.Select(r => Ledger.Reserve(r.TaskId, r.Amount, now)).ToList();
        if (kinds.Contains(CreditOutcomeKind.Applied))
        {
            // The reminder goes first: a stored reservation always has a reconciler that can release it.
            try
            {
                await StartReconcilerAsync();
            }
            catch
            {
                await _store.RestoreAsync();
                throw;
            }

            await _store.StoreLedgerAsync();
            foreach (var (reservation, kind) in reservations.Zip(kinds))
            {
                if (kind == CreditOutcomeKind.Applied)
                {
                    metrics.Reserved(reservation.Amount);
                }
            }
        }

        // Each outcome carries the balance after the whole batch: what the account holds once the call is answered.
        return [.. kinds.Select(Outcome)];
    }

    public async Task<CreditOutcome> SettleAsync(string taskId, long finalAmount) =>
        (await CloseManyAsync([ReservationClose.Settle(taskId, finalAmount)]))[0];

    public async Task<CreditOutcome> ReleaseAsync(string taskId, string reason) =>
        (await CloseManyAsync([ReservationClose.Release(taskId, reason)]))[0];

    public async Task<ImmutableArray<CreditOutcome>> CloseManyAsync(ImmutableArray<ReservationClose> closes)
    {
        foreach (var close in closes)
        {
            ArgumentNullException.ThrowIfNull(close);
            ArgumentException.ThrowIfNullOrEmpty(close.TaskId);
            ArgumentOutOfRangeException.ThrowIfNegative(close.FinalAmount ?? 0);
            ArgumentNullException.ThrowIfNull(close.Reason);
        }

        await _store.RefreshIfStaleAsync();
        if (!Exists)
        {
            return [.. closes.Select(_ => NoAccount)];
        }

        var now = time.GetUtcNow();
        var closed = new List<LedgerEntry>();
        var kinds = new List<CreditOutcomeKind>(closes.Length);
        foreach (var close in closes)
        {
            var kind = close.FinalAmount is { } finalAmount
                ? Ledger.Settle(close.TaskId, finalAmount, now)
                : Ledger.Release(close.TaskId, close.Reason, now);
            if (kind == CreditOutcomeKind.Applied)
            {
                closed.Add(Ledger.Unstored[^1]);
            }

            kinds.Add(kind);
        }

        if (closed.Count > 0)
        {
            await _store.StoreLedgerAsync();
            foreach (var entry in closed)
            {
                if (entry.Kind == LedgerEntryKind.Settle)
                {
                    metrics.Settled(entry.Amount);
                }
                else
                {
                    metrics.Released(entry.Amount);
                }
            }
        }

        // Each outcome carries the balance after the whole batch, as ReserveManyAsync's do.
        return [.. kinds.Select(Outcome)];
    }

    public Task<ImmutableArray<string>> GetOpenReservationsAsync() =>
        Task.FromResult(Exists ? [.. state.State.Reservations.Keys] : ImmutableArray<string>.Empty);

    public async Task<LedgerPage> GetLedgerAsync(long afterSequence, int pageSize)
    {
        await _store.RefreshIfStaleAsync();
        return Exists ? await _store.Segments.PageAsync(afterSequence, pageSize, Ledger.Version) : new LedgerPage();
    }

    /// <summary>
    /// The reconciler: resumes the task of every open reservation (a task that lost its activation, in a crash or a
    /// shutdown, is driven again from here), and releases reservations older than
    /// <see cref="AccountOptions.OrphanReservationAge"/> whose task was never persisted. A tick that finds no reservation
    /// open unregisters it; staying registered while the account is busy saves a reminder write per task.
    /// </summary>
    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != ReconcileReminder)
        {
            return;
        }

        _reconcilerRegistered = true;
        await _store.RefreshIfStaleAsync();
        if (!Exists || Ledger.OpenReservationCount == 0)
        {
            await StopReconcilerAsync();
            return;
        }

        // Young reservations' tasks are resumed outside this call, a batch at a time: a task may be waiting on this
        // account right now, and tens of thousands of calls at once would swamp the silo. Only old ones are asked here
        // whether they exist at all, which is rare.
        var now = time.GetUtcNow();
        var orphanCutoff = now - _options.OrphanReservationAge;
        if (_resuming.IsCompleted)
        {
            _resuming = ResumeInBatchesAsync([.. state.State.Reservations.Where(r => r.Value.ReservedAt >= orphanCutoff).Select(r => r.Key)]);
        }

        var candidates = Ledger.OpenReservationsOlderThan(orphanCutoff);
        var orphans = new List<(string TaskId, long Amount)>();
        foreach (var batch in candidates.Chunk(ResumeBatch))
        {
            var exists = await Task.WhenAll(batch.Select(ResumeTaskAsync));
            for (var i = 0; i < batch.Length; i++)
            {
                if (exists[i] == false && state.State.Reservations.TryGetValue(batch[i], out var reservation))
                {
                    Ledger.Release(batch[i], OrphanReason, now);
                    orphans.Add((batch[i], reservation.Amount));
                }
            }
        }

        if (orphans.Count == 0)
        {
            return;
        }

        await _store.StoreLedgerAsync();
        foreach (var (taskId, amount) in orphans)
        {
            metrics.Released(amount);
            logger.OrphanReleased(AccountId, taskId, amount);
        }
    }

    private async Task ResumeInBatchesAsync(IReadOnlyList<string> taskIds)
    {
        foreach (var batch in taskIds.Chunk(ResumeBatch))
        {
            await Task.WhenAll(batch.Select(ResumeTaskAsync));
        }
    }

    /// <returns>Whether the task exists; null when that is not known (the call failed).</returns>
    private async Task<bool?> ResumeTaskAsync(string taskId)
    {
        try
        {
            return await grains.GetGrain<ITaskGrain>(taskId).ResumeAsync();
        }
        catch (Exception e)
        {
            // Unknown is not "never created": keep the reservation and ask again at the next tick.
            logger.ResumeFailed(e, AccountId, taskId);
            return null;
        }
    }

    private async Task StartReconcilerAsync()
    {
        if (_reconcilerRegistered == true)
        {
            return;
        }

        await this.RegisterOrUpdateReminder(ReconcileReminder, _options.ReconcilePeriod, _options.ReconcilePeriod);
        _reconcilerRegistered = true;
    }

    /// <summary>Unregisters the reconciler. Best effort: the next tick finds nothing open and tries again.</summary>
    private async Task StopReconcilerAsync()
    {
        try
        {
            if (await this.GetReminder(ReconcileReminder) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }

            _reconcilerRegistered = false;
        }
        catch (Exception e)
        {
            logger.ReconcilerStopFailed(e, AccountId);
        }
    }

    private string NewKeyId()
    {
        string keyId;
        do
        {
            keyId = "key_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        }
        while (state.State.Keys.Exists(k => k.KeyId == keyId));

        return keyId;
    }

    private AccountInfo Info() => new()
    {
        AccountId = AccountId,
        DisplayName = state.State.DisplayName,
        CreatedAt = state.State.CreatedAt,
        Keys = [.. state.State.Keys],
    };

    private CreditOutcome Outcome(CreditOutcomeKind kind) => new() { Kind = kind, Balance = Ledger.Balance };
}
