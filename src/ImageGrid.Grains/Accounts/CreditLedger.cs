namespace ImageGrid.Grains.Accounts;

/// <summary>
/// The credit arithmetic of one account, over its <see cref="AccountState"/>: grants, deductions, and one reservation
/// per task that is closed exactly once, by a settlement or a release. Pure: no I/O, no clock (callers pass the time).
/// </summary>
/// <remarks>
/// <para>
/// After every operation <c>Granted = Available + Reserved + Spent</c>, where <c>Reserved</c> is the sum of the open
/// reservations and <c>Available</c> is derived from the other three. Every operation that changes the balance appends
/// exactly one <see cref="LedgerEntry"/> (sequence 1, 2, 3, …) to <see cref="AccountState.Unstored"/>; an operation
/// that changes nothing appends nothing. <see cref="Replay"/> applies a stored entry again, so the totals can always be
/// rebuilt from a checkpoint and the entries after it.
/// </para>
/// <para>
/// A task holds at most one reservation at a time: a repeated reserve while it is open, or after it was closed within
/// the recent entries, answers <see cref="CreditOutcomeKind.AlreadyApplied"/> and holds nothing more. (A task grain
/// reserves only before its task is stored, and a task is stored before it can close, so an older closed task does
/// not reserve again.) Settle and release are idempotent and exclusive: a repeat answers
/// <see cref="CreditOutcomeKind.AlreadyApplied"/>, the other one <see cref="CreditOutcomeKind.NotReserved"/>.
/// </para>
/// <para>
/// Grants and deductions are checked against <c>Available</c> only at the time they happen. A settlement may spend more
/// than its reservation held (the final price is whatever the upstream charged); then <c>Available</c> can drop below
/// zero, and reservations are refused until grants bring it back. Rivya's prices are fixed, so this should not happen.
/// </para>
/// </remarks>
public sealed class CreditLedger(AccountState state)
{
    public long Granted => state.Granted;

    public long Spent => state.Spent;

    public long Reserved => state.Reserved;

    /// <summary>Granted less reserved less spent; negative only after a settlement above its reservation.</summary>
    public long Available => state.Granted - state.Reserved - state.Spent;

    /// <summary>The sequence of the last entry; 0 for an empty ledger.</summary>
    public long Version => state.LedgerVersion;

    public int OpenReservationCount => state.Reservations.Count;

    /// <summary>The entries appended since storage last took them (<see cref="AccountState.Unstored"/>).</summary>
    public IReadOnlyList<LedgerEntry> Unstored => state.Unstored;

    public Balance Balance => new()
    {
        Granted = state.Granted,
        Reserved = state.Reserved,
        Spent = state.Spent,
        LedgerVersion = Version,
    };

    /// <summary>Adds <paramref name="amount"/> (&gt; 0) to the account. Always applies.</summary>
    public CreditOutcomeKind Grant(long amount, string reason, DateTimeOffset now)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(amount);
        ArgumentNullException.ThrowIfNull(reason);

        Append(LedgerEntryKind.Grant, amount, "", reason, now);
        return CreditOutcomeKind.Applied;
    }

    /// <summary>Takes <paramref name="amount"/> (&gt; 0) back from the granted credits; refused beyond what is available.</summary>
    public CreditOutcomeKind Deduct(long amount, string reason, DateTimeOffset now)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(amount);
        ArgumentNullException.ThrowIfNull(reason);

        if (amount > Available)
        {
            return CreditOutcomeKind.Insufficient;
        }

        Append(LedgerEntryKind.Deduct, amount, "", reason, now);
        return CreditOutcomeKind.Applied;
    }

    /// <summary>
    /// Holds <paramref name="amount"/> (&gt; 0) for the task. When the task already holds a reservation, or closed one
    /// within the recent entries, this answers AlreadyApplied and holds nothing more. Beyond what is available it
    /// answers Insufficient and holds nothing.
    /// </summary>
    public CreditOutcomeKind Reserve(string taskId, long amount, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrEmpty(taskId);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(amount);

        if (state.Reservations.ContainsKey(taskId) || state.RecentlyClosed.ContainsKey(taskId))
        {
            return CreditOutcomeKind.AlreadyApplied;
        }

        if (amount > Available)
        {
            return CreditOutcomeKind.Insufficient;
        }

        Append(LedgerEntryKind.Reserve, amount, taskId, "", now);
        return CreditOutcomeKind.Applied;
    }

    /// <summary>
    /// Closes the task's reservation as spent at <paramref name="finalAmount"/> (&gt;= 0; the rest of the reservation
    /// goes back to available, and anything above it comes out of available). AlreadyApplied when already settled;
    /// NotReserved when released or never reserved.
    /// </summary>
    public CreditOutcomeKind Settle(string taskId, long finalAmount, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrEmpty(taskId);
        ArgumentOutOfRangeException.ThrowIfNegative(finalAmount);

        if (!state.Reservations.TryGetValue(taskId, out var reservation))
        {
            return state.RecentlyClosed.TryGetValue(taskId, out var closedAs) && closedAs == LedgerEntryKind.Settle
                ? CreditOutcomeKind.AlreadyApplied
                : CreditOutcomeKind.NotReserved;
        }

        Append(LedgerEntryKind.Settle, finalAmount, taskId, "", now, reservedAmount: reservation.Amount);
        return CreditOutcomeKind.Applied;
    }

    /// <summary>
    /// Closes the task's reservation and returns it all to available. AlreadyApplied when already released;
    /// NotReserved when settled or never reserved.
    /// </summary>
    public CreditOutcomeKind Release(string taskId, string reason, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrEmpty(taskId);
        ArgumentNullException.ThrowIfNull(reason);

        if (!state.Reservations.TryGetValue(taskId, out var reservation))
        {
            return state.RecentlyClosed.TryGetValue(taskId, out var closedAs) && closedAs == LedgerEntryKind.Release
                ? CreditOutcomeKind.AlreadyApplied
                : CreditOutcomeKind.NotReserved;
        }

        Append(LedgerEntryKind.Release, reservation.Amount, taskId, reason, now);
        return CreditOutcomeKind.Applied;
    }

    /// <summary>The tasks whose reservation is open and was made before <paramref name="cutoff"/>, oldest first.</summary>
    public IReadOnlyList<string> OpenReservationsOlderThan(DateTimeOffset cutoff) =>
        [.. state.Reservations
            .Where(r => r.Value.ReservedAt < cutoff)
            .OrderBy(r => r.Value.ReservedAt)
            .ThenBy(r => r.Key, StringComparer.Ordinal)
            .Select(r => r.Key)];

    /// <summary>Applies an entry that is already stored (the next one after <see cref="Version"/>) to the totals.</summary>
    /// <exception cref="InvalidOperationException">The entry does not follow the last one applied.</exception>
    public void Replay(LedgerEntry entry)
    {
        if (entry.Sequence != Version + 1)
        {
            throw new InvalidOperationException($"Ledger entry {entry.Sequence} does not follow entry {Version}.");
        }

        Apply(entry);
    }

    /// <summary>Storage took the <see cref="Unstored"/> entries.</summary>
    public void MarkStored() => state.Unstored.Clear();

    /// <summary>Makes the closures among <paramref name="window"/> the recent ones, so that their repeats are answered exactly.</summary>
    public void ResetRecentClosures(IEnumerable<LedgerEntry> window)
    {
        state.RecentlyClosed.Clear();
        foreach (var entry in window)
        {
            RememberClosure(entry);
        }
    }

    /// <summary>Forgets the closures of entries that left the recent window.</summary>
    public void ForgetClosures(IEnumerable<LedgerEntry> entries)
    {
        foreach (var entry in entries)
        {
            if (entry.Kind is LedgerEntryKind.Settle or LedgerEntryKind.Release)
            {
                state.RecentlyClosed.Remove(entry.TaskId);
            }
        }
    }

    private void RememberClosure(LedgerEntry entry)
    {
        if (entry.Kind is LedgerEntryKind.Settle or LedgerEntryKind.Release)
        {
            state.RecentlyClosed[entry.TaskId] = entry.Kind;
        }
    }

    private void Append(LedgerEntryKind kind, long amount, string taskId, string reason, DateTimeOffset now, long reservedAmount = 0)
    {
        var entry = new LedgerEntry
        {
            Sequence = Version + 1,
            Kind = kind,
            Amount = amount,
            TaskId = taskId,
            Reason = reason,
            At = now,
            ReservedAmount = reservedAmount,
        };
        Apply(entry);
        state.Unstored.Add(entry);
    }

    private void Apply(LedgerEntry entry)
    {
        switch (entry.Kind)
        {
            case LedgerEntryKind.Grant:
                state.Granted = checked(state.Granted + entry.Amount);
                break;
            case LedgerEntryKind.Deduct:
                state.Granted -= entry.Amount;
                break;
            case LedgerEntryKind.Reserve:
                state.Reservations.Add(entry.TaskId, new OpenReservation { Amount = entry.Amount, ReservedAt = entry.At });
                state.Reserved += entry.Amount;
                break;
            case LedgerEntryKind.Settle:
                var spent = checked(state.Spent + entry.Amount);
                state.Reserved -= state.Reservations.Remove(entry.TaskId, out var settled) ? settled.Amount : entry.ReservedAmount;
                state.Spent = spent;
                break;
            case LedgerEntryKind.Release:
                state.Reserved -= state.Reservations.Remove(entry.TaskId, out var released) ? released.Amount : entry.Amount;
                break;
            default:
                throw new InvalidOperationException($"Unknown ledger entry kind {entry.Kind}.");
        }

        RememberClosure(entry);
        state.LedgerVersion = entry.Sequence;
    }
}
