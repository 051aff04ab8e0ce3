using Google.Protobuf.WellKnownTypes;
using ImageGrid.Server.Grpc;
using Accounts = ImageGrid.Grains.Accounts;
using V1 = ImageGrid.Contracts.V1;

namespace ImageGrid.Server.Admin;

/// <summary>Maps the account grain's records to the public contract. Key hashes never leave the grain side.</summary>
public static class AccountMapper
{
    public static V1.Account ToProto(Accounts.AccountInfo account, Accounts.Balance balance) => new()
    {
        AccountId = account.AccountId,
        DisplayName = account.DisplayName,
        CreatedAt = Timestamp.FromDateTimeOffset(account.CreatedAt),
        Keys = { account.Keys.Select(ToProto) },
        Balance = BalanceMapper.ToProto(balance),
    };

    public static V1.ApiKey ToProto(Accounts.ApiKeyInfo key)
    {
        var proto = new V1.ApiKey
        {
            KeyId = key.KeyId,
            Name = key.Name,
            CreatedAt = Timestamp.FromDateTimeOffset(key.CreatedAt),
        };
        if (key.RevokedAt is { } revokedAt)
        {
            proto.RevokedAt = Timestamp.FromDateTimeOffset(revokedAt);
        }

        return proto;
    }

    public static V1.IssuedApiKey ToIssued(Accounts.ApiKeyInfo key, string apiKey) => new()
    {
        KeyId = key.KeyId,
        Name = key.Name,
        ApiKey = apiKey,
        CreatedAt = Timestamp.FromDateTimeOffset(key.CreatedAt),
    };

    public static V1.GetLedgerResponse ToProto(Accounts.LedgerPage page) => new()
    {
        Entries = { page.Entries.Select(ToProto) },
        NextPageToken = LedgerPageToken.Encode(page.NextAfterSequence),
    };

    public static V1.LedgerEntry ToProto(Accounts.LedgerEntry entry) => new()
    {
        Sequence = entry.Sequence,
        Kind = ToProto(entry.Kind),
        Amount = entry.Amount,
        TaskId = entry.TaskId,
        Reason = entry.Reason,
        At = Timestamp.FromDateTimeOffset(entry.At),
        ReservedAmount = entry.ReservedAmount,
    };

    public static V1.LedgerEntryKind ToProto(Accounts.LedgerEntryKind kind) => kind switch
    {
        Accounts.LedgerEntryKind.Grant => V1.LedgerEntryKind.Grant,
        Accounts.LedgerEntryKind.Deduct => V1.LedgerEntryKind.Deduct,
        Accounts.LedgerEntryKind.Reserve => V1.LedgerEntryKind.Reserve,
        Accounts.LedgerEntryKind.Settle => V1.LedgerEntryKind.Settle,
        Accounts.LedgerEntryKind.Release => V1.LedgerEntryKind.Release,
        _ => V1.LedgerEntryKind.Unspecified,
    };
}
