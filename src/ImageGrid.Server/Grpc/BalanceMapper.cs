namespace ImageGrid.Server.Grpc;

public static class BalanceMapper
{
    public static Contracts.V1.Balance ToProto(Grains.Accounts.Balance balance) => new()
    {
        Granted = balance.Granted,
        Reserved = balance.Reserved,
        Spent = balance.Spent,
        Available = balance.Available,
        LedgerVersion = balance.LedgerVersion,
    };
}
