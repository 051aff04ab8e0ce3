using System.Collections.Immutable;
using System.Security.Cryptography;
using ImageGrid.Grains.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Storage;

namespace ImageGrid.Grains.Accounts;

/// <summary>
/// One activation per account: its keys (hashes only) and its credits, kept by <see cref="CreditLedger"/>. Every change
/// is written before it is answered: a credit change as its ledger entry (<see cref="LedgerSegments"/>), the account
/// and its keys as the checkpoint, which also carries the totals and open reservations and is rewritten when a segment
/// fills and the entries since the last one outnumber the open reservations (at least every 16 segments). When
/// a write fails the state is read back from storage, so memory never runs ahead of what is stored. While reservations
/// are open a "reconcile" reminder resumes their tasks (which brings them back after a crash: a task's open reservation
/// is its anchor) and releases those whose task was never created.
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

    /// <summary>The most ledger segments an activation replays after the checkpoint.</summary>
    public const int MaxReplaySegments = 16;

    private static readonly CreditOutcome NoAccount = new() { Kind = CreditOutcomeKind.NoAccount, Balance = new Balance() };

    private readonly AccountOptions _options = options.Value;
    /// <summary>Whether the reconcile reminder is registered, as far as this activation knows (null: not known yet).</summary>
    private bool? _reconcilerRegistered;
    /// <summary>Set when a failed write could not be undone by reading storage back: read it before anything else.</summary>
    private bool _stale;
    private LedgerSegments _segments = null!;
    /// <summary>The ledger version the stored checkpoint reflects; entries after it are replayed at activation.</summary>
    private long _checkpointVersion;

    private string AccountId => this.GetPrimaryKeyString();

    private bool Exists => state.State.Exists;

    private CreditLedger Ledger => new(state.State);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _segments = new LedgerSegments(ServiceProvider.GetRequiredKeyedService<IGrainStorage>(StorageNames.Accounts), AccountId);
        _checkpointVersion = state.State.LedgerVersion;
        await _segments.LoadAsync(Ledger);
    }

    public async Task<AccountInfo> CreateAsync(string displayName, long openingCredits, string reason)
    {
        ArgumentNullException.ThrowIfNull(displayName);
        ArgumentNullException.ThrowIfNull(reason);
        ArgumentOutOfRangeException.ThrowIfNegative(openingCredits);
        await RefreshIfStaleAsync();

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
            await StoreLedgerAsync();
        }

        state.State.Exists = true;
        state.State.DisplayName = displayName;
        state.State.CreatedAt = now;
        await PersistAsync();
        LogCreated(AccountId, openingCredits);
        return Info();
    }

    public async Task<AccountInfo?> GetAsync()
    {
        await RefreshIfStaleAsync();
        return Exists ? Info() : null;
    }

    public async Task<Balance> GetBalanceAsync()
    {
        await RefreshIfStaleAsync();
        return Exists ? Ledger.Balance : NoAccount.Balance;
    }

    /// <exception cref="InvalidOperationException">The account does not exist, or the key belongs to another account.</exception>
    public async Task<ApiKeyInfo> AddKeyAsync(string keyHash, string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(keyHash);
        ArgumentNullException.ThrowIfNull(name);
        await RefreshIfStaleAsync();

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
        await PersistAsync();
        try
        {
            await keyGrain.RegisterAsync(AccountId, key.KeyId);
        }
        catch (InvalidOperationException)
        {
            // The key already resolves to another account: it must not be listed on this one.
            state.State.Keys.Remove(key);
            await PersistAsync();
            throw;
        }

        LogKeyAdded(AccountId, key.KeyId);
        return key;
    }

    public async Task<bool> RevokeKeyAsync(string keyId)
    {
        ArgumentNullException.ThrowIfNull(keyId);
        await RefreshIfStaleAsync();

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
            await PersistAsync();
            LogKeyRevoked(AccountId, key.KeyId);
        }

        return true;
    }

    public async Task<CreditOutcome> GrantAsync(long amount, string reason)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(amount);
        ArgumentNullException.ThrowIfNull(reason);
        await RefreshIfStaleAsync();

        if (!Exists)
        {
            return NoAccount;
        }

        var kind = Ledger.Grant(amount, reason, time.GetUtcNow());
        await StoreLedgerAsync();
        LogGranted(AccountId, amount, LogText.Escape(reason), Ledger.Available);
        return Outcome(kind);
    }

    public async Task<CreditOutcome> DeductAsync(long amount, string reason)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(amount);
        ArgumentNullException.ThrowIfNull(reason);
        await RefreshIfStaleAsync();

        if (!Exists)
        {
            return NoAccount;
        }

        var kind = Ledger.Deduct(amount, reason, time.GetUtcNow());
        if (kind == CreditOutcomeKind.Applied)
        {
            await StoreLedgerAsync();
            LogDeducted(AccountId, amount, LogText.Escape(reason), Ledger.Available);
        }

        return Outcome(kind);
    }

    public async Task<CreditOutcome> ReserveAsync(string taskId, long amount)
    {
        ArgumentException.ThrowIfNullOrEmpty(taskId);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(amount);
        await RefreshIfStaleAsync();

        if (!Exists)
        {
            return NoAccount;
        }

        var kind = Ledger.Reserve(taskId, amount, time.GetUtcNow());
        if (kind == CreditOutcomeKind.Applied)
        {
            // The reminder goes first: a stored reservation always has a reconciler that can release it.
            try
            {
                await StartReconcilerAsync();
            }
            catch
            {
                await RestoreAsync();
                throw;
            }

            await StoreLedgerAsync();
            metrics.Reserved(amount);
        }

        return Outcome(kind);
    }

    public async Task<CreditOutcome> SettleAsync(string taskId, long finalAmount)
    {
        ArgumentException.ThrowIfNullOrEmpty(taskId);
        ArgumentOutOfRangeException.ThrowIfNegative(finalAmount);
        await RefreshIfStaleAsync();

        if (!Exists)
        {
            return NoAccount;
        }

        var kind = Ledger.Settle(taskId, finalAmount, time.GetUtcNow());
        if (kind == CreditOutcomeKind.Applied)
        {
            await StoreLedgerAsync();
            metrics.Settled(finalAmount);
        }

        return Outcome(kind);
    }

    public async Task<CreditOutcome> ReleaseAsync(string taskId, string reason)
    {
        ArgumentException.ThrowIfNullOrEmpty(taskId);
        ArgumentNullException.ThrowIfNull(reason);
        await RefreshIfStaleAsync();

        if (!Exists)
        {
            return NoAccount;
        }

        var released = state.State.Reservations.TryGetValue(taskId, out var reservation) ? reservation.Amount : 0;
        var kind = Ledger.Release(taskId, reason, time.GetUtcNow());
        if (kind == CreditOutcomeKind.Applied)
        {
            await StoreLedgerAsync();
            metrics.Released(released);
        }

        return Outcome(kind);
    }

    public Task<ImmutableArray<string>> GetOpenReservationsAsync() =>
        Task.FromResult(Exists ? [.. state.State.Reservations.Keys] : ImmutableArray<string>.Empty);

    public async Task<LedgerPage> GetLedgerAsync(long afterSequence, int pageSize)
    {
        await RefreshIfStaleAsync();
        return Exists ? await _segments.PageAsync(afterSequence, pageSize, Ledger.Version) : new LedgerPage();
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
        await RefreshIfStaleAsync();
        if (!Exists || Ledger.OpenReservationCount == 0)
        {
            await StopReconcilerAsync();
            return;
        }

        // Young reservations' tasks are resumed without waiting: a task may be waiting on this account right now.
        // Only old ones are asked whether they exist at all, which is rare.
        var now = time.GetUtcNow();
        var orphanCutoff = now - _options.OrphanReservationAge;
        foreach (var taskId in state.State.Reservations.Where(r => r.Value.ReservedAt >= orphanCutoff).Select(r => r.Key))
        {
            _ = ResumeTaskAsync(taskId);
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

        await StoreLedgerAsync();
        foreach (var (taskId, amount) in orphans)
        {
            metrics.Released(amount);
            LogOrphanReleased(AccountId, taskId, amount);
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
            LogResumeFailed(e, AccountId, taskId);
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
            LogReconcilerStopFailed(e, AccountId);
        }
    }

    /// <summary>
    /// Stores the ledger's new entries, and the checkpoint when they filled a segment and it is due: the checkpoint
    /// carries every open reservation, so with many tasks in flight it is written once the entries since the last one
    /// outnumber the open reservations (replaying them costs about what the checkpoint does), but at least every
    /// <see cref="MaxReplaySegments"/> segments, which bounds the replay at activation.
    /// </summary>
    private async Task StoreLedgerAsync()
    {
        bool segmentFilled;
        try
        {
            segmentFilled = await _segments.StoreAsync(Ledger);
        }
        catch
        {
            await RestoreAsync();
            throw;
        }

        var sinceCheckpoint = Ledger.Version - _checkpointVersion;
        if (segmentFilled && sinceCheckpoint >= Math.Min(Ledger.OpenReservationCount, MaxReplaySegments * LedgerSegments.Size))
        {
            await CheckpointAsync();
        }
    }

    /// <summary>
    /// Writes the totals as of the last stored entry. The entries are already stored, so a failure only means more
    /// to replay at the next activation: it is logged, and memory is read back in case the write landed after all.
    /// </summary>
    private async Task CheckpointAsync()
    {
        try
        {
            await state.WriteStateAsync();
            _checkpointVersion = Ledger.Version;
        }
        catch (Exception e)
        {
            LogCheckpointFailed(e, AccountId);
            await RestoreAsync();
        }
    }

    /// <summary>Writes the checkpoint for a change of the account itself (its creation, its keys).</summary>
    private async Task PersistAsync()
    {
        try
        {
            await state.WriteStateAsync();
            _checkpointVersion = Ledger.Version;
        }
        catch
        {
            await RestoreAsync();
            throw;
        }
    }

    /// <summary>
    /// Puts memory back in line with storage after a failed write (which may or may not have landed): storage is the
    /// truth, so read it back. When even that fails, every later call reads it first, and the activation goes away.
    /// </summary>
    private async Task RestoreAsync()
    {
        try
        {
            await ReloadAsync();
        }
        catch (Exception e)
        {
            _stale = true;
            LogRestoreFailed(e, AccountId);
            DeactivateOnIdle();
        }
    }

    private async Task RefreshIfStaleAsync()
    {
        if (_stale)
        {
            await ReloadAsync();
        }
    }

    /// <summary>The checkpoint, then the ledger entries after it.</summary>
    private async Task ReloadAsync()
    {
        await state.ReadStateAsync();
        _checkpointVersion = state.State.LedgerVersion;
        await _segments.LoadAsync(Ledger);
        _stale = false;
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Account {AccountId} created with {OpeningCredits} credits")]
    private partial void LogCreated(string accountId, long openingCredits);

    [LoggerMessage(Level = LogLevel.Information, Message = "Account {AccountId} granted {Amount} credits ({Reason}); {Available} available")]
    private partial void LogGranted(string accountId, long amount, string reason, long available);

    [LoggerMessage(Level = LogLevel.Information, Message = "Account {AccountId} deducted {Amount} credits ({Reason}); {Available} available")]
    private partial void LogDeducted(string accountId, long amount, string reason, long available);

    [LoggerMessage(Level = LogLevel.Information, Message = "Account {AccountId} added API key {KeyId}")]
    private partial void LogKeyAdded(string accountId, string keyId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Account {AccountId} revoked API key {KeyId}")]
    private partial void LogKeyRevoked(string accountId, string keyId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Account {AccountId} released {Amount} credits held by task {TaskId}: the task was never created")]
    private partial void LogOrphanReleased(string accountId, string taskId, long amount);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Account {AccountId} could not resume task {TaskId} of an open reservation; will retry")]
    private partial void LogResumeFailed(Exception exception, string accountId, string taskId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Account {AccountId} could not unregister its reconcile reminder; will retry")]
    private partial void LogReconcilerStopFailed(Exception exception, string accountId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Account {AccountId} could not write its checkpoint; the ledger entries after the last one are replayed at activation")]
    private partial void LogCheckpointFailed(Exception exception, string accountId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Account {AccountId} could not re-read its state after a failed write; deactivating")]
    private partial void LogRestoreFailed(Exception exception, string accountId);
}
