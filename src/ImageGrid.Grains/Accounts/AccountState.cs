namespace ImageGrid.Grains.Accounts;

/// <summary>
/// The account grain's checkpoint: the account, its keys (hashes only) and its credits as of ledger entry
/// <see cref="LedgerVersion"/>. The ledger entries themselves live in <see cref="LedgerSegment"/>s; entries after the
/// checkpoint are replayed onto it when the grain activates. Change the credits only through <see cref="CreditLedger"/>,
/// which keeps <c>Granted = Available + Reserved + Spent</c>.
/// </summary>
[GenerateSerializer, Alias("imagegrid.AccountState")]
public sealed class AccountState
{
    [Id(0)] public string DisplayName { get; set; } = "";
    [Id(1)] public DateTimeOffset CreatedAt { get; set; }
    [Id(2)] public List<ApiKeyInfo> Keys { get; set; } = [];
    /// <summary>Everything granted, less what was deducted.</summary>
    [Id(3)] public long Granted { get; set; }
    /// <summary>What settled reservations cost.</summary>
    [Id(4)] public long Spent { get; set; }
    /// <summary>Open reservations by task id; their sum is <see cref="Reserved"/>.</summary>
    [Id(5)] public Dictionary<string, OpenReservation> Reservations { get; set; } = [];
    /// <summary>Set once by the account's creation; a grain whose state never got this far answers "no account".</summary>
    [Id(8)] public bool Exists { get; set; }
    /// <summary>The sequence of the last ledger entry applied to these totals; 0 before the first.</summary>
    [Id(9)] public long LedgerVersion { get; set; }
    /// <summary>The sum of the open reservations, kept so that a balance costs nothing to compute.</summary>
    [Id(10)] public long Reserved { get; set; }

    /// <summary>
    /// How the tasks closed in the recent entries were closed (not stored: rebuilt from the segments kept in memory),
    /// so that a repeated settle or release is answered exactly.
    /// </summary>
    [field: NonSerialized]
    public Dictionary<string, LedgerEntryKind> RecentlyClosed { get; } = new(StringComparer.Ordinal);

    /// <summary>Entries applied in memory and not yet handed to storage (not stored with the checkpoint).</summary>
    [field: NonSerialized]
    public List<LedgerEntry> Unstored { get; } = [];
}

/// <summary>Credits held for one task until it settles or releases them.</summary>
[GenerateSerializer, Immutable, Alias("imagegrid.OpenReservation")]
public sealed record OpenReservation
{
    [Id(0)] public long Amount { get; init; }
    [Id(1)] public DateTimeOffset ReservedAt { get; init; }
}
