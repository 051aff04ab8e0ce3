namespace ImageGrid.Grains.Accounts;

/// <summary>What a credit operation did. Repeats of settle or release for the same task are no-ops, never double counts.</summary>
[GenerateSerializer, Alias("imagegrid.CreditOutcomeKind")]
public enum CreditOutcomeKind
{
    /// <summary>The operation changed the balance.</summary>
    Applied = 0,
    /// <summary>The same operation had already been applied for this task: nothing changed.</summary>
    AlreadyApplied = 1,
    /// <summary>Not enough credits available: nothing changed.</summary>
    Insufficient = 2,
    /// <summary>The task's reservation was already closed the other way (or never made): nothing changed.</summary>
    NotReserved = 3,
    /// <summary>No such account.</summary>
    NoAccount = 4,
}

[GenerateSerializer, Immutable, Alias("imagegrid.CreditOutcome")]
public sealed record CreditOutcome
{
    [Id(0)] public CreditOutcomeKind Kind { get; init; }
    [Id(1)] public required Balance Balance { get; init; }

    public bool Succeeded => Kind is CreditOutcomeKind.Applied or CreditOutcomeKind.AlreadyApplied;
}
