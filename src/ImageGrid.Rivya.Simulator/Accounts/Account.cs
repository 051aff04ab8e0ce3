namespace ImageGrid.Rivya.Simulator.Accounts;

/// <summary>The state that belongs to one API key; <see cref="Gate"/> guards all of it.</summary>
internal sealed class Account(long initialCredits)
{
    public Lock Gate { get; } = new();

    public CreditSheet Credits { get; } = new(initialCredits);

    public IdempotencyIndex Idempotency { get; } = new();
}
