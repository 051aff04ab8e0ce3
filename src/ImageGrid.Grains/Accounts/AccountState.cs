namespace ImageGrid.Grains.Accounts;

/// <summary>
/// What an account grain persists: the account, its keys (hashes only) and its credits as a reservation ledger.
/// Change the credits only through <see cref="CreditLedger"/>, which keeps <c>Granted = Available + Reserved + Spent</c>.
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
    /// <summary>Open reservations by task id; their sum is the account's reserved credits.</summary>
    [Id(5)] public Dictionary<string, OpenReservation> Reservations { get; set; } = [];
    /// <summary>Task ids whose reservation is closed, and how (<see cref="LedgerEntryKind.Settle"/> or <see cref="LedgerEntryKind.Release"/>).</summary>
    [Id(6)] public Dictionary<string, LedgerEntryKind> Closed { get; set; } = [];
    /// <summary>Append-only; entry n (sequence n) is at index n-1.</summary>
    [Id(7)] public List<LedgerEntry> Entries { get; set; } = [];
    /// <summary>Set once by the account's creation; a grain whose state never got this far answers "no account".</summary>
    [Id(8)] public bool Exists { get; set; }
}

/// <summary>Credits held for one task until it settles or releases them.</summary>
[GenerateSerializer, Immutable, Alias("imagegrid.OpenReservation")]
public sealed record OpenReservation
{
    [Id(0)] public long Amount { get; init; }
    [Id(1)] public DateTimeOffset ReservedAt { get; init; }
}
