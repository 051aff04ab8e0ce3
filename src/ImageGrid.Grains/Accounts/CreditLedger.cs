using System.Collections.Immutable;

namespace ImageGrid.Grains.Accounts;

/// <summary>
/// The credit arithmetic of one account, over its <see cref="AccountState"/>: grants, deductions, and one reservation
/// per task that is closed exactly once, by a settlement or a release. Pure: no I/O, no clock (callers pass the time).
/// </summary>
/// <remarks>
/// <para>
/// After every operation <c>Granted = Available + Reserved + Spent</c>, where <c>Reserved</c> is the sum of the open
/// reservations and <c>Available</c> is derived from the other three. Every operation that changes the balance appends
/// exactly one <see cref="LedgerEntry"/> (sequence 1, 2, 3, …); an operation that changes nothing appends nothing.
/// </para>
/// <para>
/// Per task id there is at most one reservation, ever: a task that reserved, settled or released cannot reserve again,
/// so a re-driven task never holds twice. Settle and release are idempotent and exclusive: a repeat answers
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
    /// <summary>The largest ledger page <see cref="Page"/> returns.</summary>
    public const int MaxPageSize = 500;

    public long Granted => state.Granted;

    public long Spent => state.Spent;

    public long Reserved => state.Reservations.Values.Sum(r => r.Amount);

    /// <summary>Granted less reserved less spent; negative only after a settlement above its reservation.</summary>
    public long Available => state.Granted - Reserved - state.Spent;

    /// <summary>The sequence of the last entry; 0 for an empty ledger.</summary>
    public long Version => state.Entries.Count == 0 ? 0 : state.Entries[^1].Sequence;

    public int OpenReservationCount => state.Reservations.Count;

    public IReadOnlyList<LedgerEntry> Entries => state.Entries;

    public Balance Balance => new()
    {
        Granted = state.Granted,
        Reserved = Reserved,
        Spent = state.Spent,
        LedgerVersion = Version,
    };

    /// <summary>Adds <paramref name="amount"/> (&gt; 0) to the account. Always applies.</summary>
    public CreditOutcomeKind Grant(long amount, string reason, DateTimeOffset now)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(amount);
        ArgumentNullException.ThrowIfNull(reason);

        state.Granted = checked(state.Granted + amount);
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

        state.Granted -= amount;
        Append(LedgerEntryKind.Deduct, amount, "", reason, now);
        return CreditOutcomeKind.Applied;
    }

    /// <summary>
    /// Holds <paramref name="amount"/> (&gt; 0) for the task. A task reserves once in its life: when it already has
    /// (whether still open or closed since) this answers AlreadyApplied and holds nothing more. Beyond what is
    /// available it answers Insufficient and holds nothing.
    /// </summary>
    public CreditOutcomeKind Reserve(string taskId, long amount, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrEmpty(taskId);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(amount);

        if (state.Reservations.ContainsKey(taskId) || state.Closed.ContainsKey(taskId))
        {
            return CreditOutcomeKind.AlreadyApplied;
        }

        if (amount > Available)
        {
            return CreditOutcomeKind.Insufficient;
        }

        state.Reservations.Add(taskId, new OpenReservation { Amount = amount, ReservedAt = now });
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

        if (state.Closed.TryGetValue(taskId, out var closedAs))
        {
            return closedAs == LedgerEntryKind.Settle ? CreditOutcomeKind.AlreadyApplied : CreditOutcomeKind.NotReserved;
        }

        if (!state.Reservations.Remove(taskId, out var reservation))
        {
            return CreditOutcomeKind.NotReserved;
        }

        state.Spent = checked(state.Spent + finalAmount);
        state.Closed.Add(taskId, LedgerEntryKind.Settle);
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

        if (state.Closed.TryGetValue(taskId, out var closedAs))
        {
            return closedAs == LedgerEntryKind.Release ? CreditOutcomeKind.AlreadyApplied : CreditOutcomeKind.NotReserved;
        }

        if (!state.Reservations.Remove(taskId, out var reservation))
        {
            return CreditOutcomeKind.NotReserved;
        }

        state.Closed.Add(taskId, LedgerEntryKind.Release);
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

    /// <summary>
    /// Up to <paramref name="pageSize"/> entries (clamped to 1..<see cref="MaxPageSize"/>) after
    /// <paramref name="afterSequence"/>, oldest first; the page's <c>NextAfterSequence</c> is 0 when nothing follows.
    /// </summary>
    public LedgerPage Page(long afterSequence, int pageSize)
    {
        var size = Math.Clamp(pageSize, 1, MaxPageSize);
        var entries = state.Entries;
        // Sequence n sits at index n-1, so the entries after sequence s start at index s.
        var start = (int)Math.Clamp(afterSequence, 0, entries.Count);
        var count = Math.Min(size, entries.Count - start);
        var page = entries.GetRange(start, count).ToImmutableArray();
        var end = start + count;
        return new LedgerPage
        {
            Entries = page,
            NextAfterSequence = end < entries.Count ? entries[end - 1].Sequence : 0,
        };
    }

    private void Append(LedgerEntryKind kind, long amount, string taskId, string reason, DateTimeOffset now, long reservedAmount = 0) =>
        state.Entries.Add(new LedgerEntry
        {
            Sequence = Version + 1,
            Kind = kind,
            Amount = amount,
            TaskId = taskId,
            Reason = reason,
            At = now,
            ReservedAmount = reservedAmount,
        });
}
