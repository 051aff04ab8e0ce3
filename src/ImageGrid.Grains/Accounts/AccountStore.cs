using Microsoft.Extensions.Logging;
using Orleans.Storage;

namespace ImageGrid.Grains.Accounts;

/// <summary>
/// Where an account's state is stored, and the rule that memory never runs ahead of it. A credit change is stored as
/// its ledger entry (<see cref="LedgerSegments"/>); the account and its keys as the checkpoint, which also carries the
/// totals and open reservations and is rewritten when a segment fills and the entries since the last one outnumber the
/// open reservations (at least every <see cref="MaxReplaySegments"/> segments). When a write fails the state is read back
/// from storage; when even that fails, every later call reads it first and the activation goes away.
/// </summary>
internal sealed class AccountStore(IPersistentState<AccountState> state, LedgerSegments segments, IGrainBase grain, ILogger logger, string accountId)
{
    /// <summary>The most ledger segments an activation replays after the checkpoint.</summary>
    public const int MaxReplaySegments = 16;

    /// <summary>Set when a failed write could not be undone by reading storage back: read it before anything else.</summary>
    private bool _stale;
    /// <summary>The ledger version the stored checkpoint reflects; entries after it are replayed at activation.</summary>
    private long _checkpointVersion;

    public AccountState State => state.State;

    public CreditLedger Ledger => new(state.State);

    public LedgerSegments Segments => segments;

    /// <summary>The checkpoint is read at activation; then the ledger entries after it.</summary>
    public async Task LoadAsync()
    {
        _checkpointVersion = state.State.LedgerVersion;
        await segments.LoadAsync(Ledger);
    }

    public async Task RefreshIfStaleAsync()
    {
        if (_stale)
        {
            await ReloadAsync();
        }
    }

    /// <summary>
    /// Stores the ledger's new entries, and the checkpoint when they filled a segment and it is due: the checkpoint
    /// carries every open reservation, so with many tasks in flight it is written once the entries since the last one
    /// outnumber the open reservations (replaying them costs about what the checkpoint does), but at least every
    /// <see cref="MaxReplaySegments"/> segments, which bounds the replay at activation.
    /// </summary>
    public async Task StoreLedgerAsync()
    {
        bool segmentFilled;
        try
        {
            segmentFilled = await segments.StoreAsync(Ledger);
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

    /// <summary>Writes the checkpoint for a change of the account itself (its creation, its keys).</summary>
    public async Task PersistAsync()
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
    /// Puts memory back in line with storage after a failed change (whose write may or may not have landed): storage is
    /// the truth, so read it back.
    /// </summary>
    public async Task RestoreAsync()
    {
        try
        {
            await ReloadAsync();
        }
        catch (Exception e)
        {
            _stale = true;
            logger.RestoreFailed(e, accountId);
            grain.DeactivateOnIdle();
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
            logger.CheckpointFailed(e, accountId);
            await RestoreAsync();
        }
    }

    private async Task ReloadAsync()
    {
        await state.ReadStateAsync();
        _checkpointVersion = state.State.LedgerVersion;
        await segments.LoadAsync(Ledger);
        _stale = false;
    }
}
