using Grpc.Core;
using ImageGrid.Contracts.V1;
using ImageGrid.Grains;
using ImageGrid.Server.Grpc;
using Accounts = ImageGrid.Grains.Accounts;

namespace ImageGrid.Server.Admin;

/// <summary>
/// The admin service: validates, calls the account grain, maps back. Who may call it is settled by
/// the admin key scheme (<see cref="AdminKeyAuthenticationHandler"/>) before any method runs.
/// </summary>
public sealed partial class ImageGridAdminService(IGrainFactory grains, ILogger<ImageGridAdminService> logger)
    : ImageGridAdmin.ImageGridAdminBase
{
    public const string OpeningCreditsReason = "opening credits";

    public override async Task<Account> CreateAccount(CreateAccountRequest request, ServerCallContext context)
    {
        AdminRequestValidation.Check(request);
        var account = Account(AccountIds.New());
        var created = await account.CreateAsync(request.DisplayName, request.OpeningCredits, OpeningCreditsReason);
        LogAccountCreated(created.AccountId, request.OpeningCredits);
        return AccountMapper.ToProto(created, await account.GetBalanceAsync());
    }

    public override async Task<Account> GetAccount(GetAccountRequest request, ServerCallContext context)
    {
        AdminRequestValidation.Check(request);
        var account = Account(request.AccountId);
        var info = await account.GetAsync() ?? throw AdminErrors.AccountNotFound(request.AccountId);
        return AccountMapper.ToProto(info, await account.GetBalanceAsync());
    }

    public override async Task<IssuedApiKey> IssueApiKey(IssueApiKeyRequest request, ServerCallContext context)
    {
        AdminRequestValidation.Check(request);
        var account = Account(request.AccountId);
        _ = await account.GetAsync() ?? throw AdminErrors.AccountNotFound(request.AccountId);
        var apiKey = ApiKeySecrets.New();
        var key = await account.AddKeyAsync(Accounts.ApiKeyHash.Of(apiKey), request.Name);
        LogKeyIssued(key.KeyId, LogText.Escape(request.AccountId));
        return AccountMapper.ToIssued(key, apiKey);
    }

    public override async Task<ApiKey> RevokeApiKey(RevokeApiKeyRequest request, ServerCallContext context)
    {
        AdminRequestValidation.Check(request);
        var account = Account(request.AccountId);
        var revoked = await account.RevokeKeyAsync(request.KeyId);
        var info = await account.GetAsync() ?? throw AdminErrors.AccountNotFound(request.AccountId);
        var key = info.Keys.FirstOrDefault(k => k.KeyId == request.KeyId);
        if (!revoked || key is null)
        {
            throw AdminErrors.KeyNotFound(request.AccountId, request.KeyId);
        }

        LogKeyRevoked(key.KeyId, LogText.Escape(request.AccountId));
        return AccountMapper.ToProto(key);
    }

    public override async Task<Balance> GrantCredits(AdjustCreditsRequest request, ServerCallContext context)
    {
        AdminRequestValidation.Check(request);
        var outcome = await Account(request.AccountId).GrantAsync(request.Amount, request.Reason);
        var balance = ToBalance(outcome, request);
        LogCreditsAdjusted("Granted", request.Amount, LogText.Escape(request.AccountId));
        return balance;
    }

    public override async Task<Balance> DeductCredits(AdjustCreditsRequest request, ServerCallContext context)
    {
        AdminRequestValidation.Check(request);
        var outcome = await Account(request.AccountId).DeductAsync(request.Amount, request.Reason);
        var balance = ToBalance(outcome, request);
        LogCreditsAdjusted("Deducted", request.Amount, LogText.Escape(request.AccountId));
        return balance;
    }

    public override async Task<GetLedgerResponse> GetLedger(GetLedgerRequest request, ServerCallContext context)
    {
        var (afterSequence, pageSize) = AdminRequestValidation.Check(request);
        var account = Account(request.AccountId);
        var page = await account.GetLedgerAsync(afterSequence, pageSize);
        // An empty page is also what an unknown account looks like: only then is it worth asking.
        if (page.Entries.IsEmpty && await account.GetAsync() is null)
        {
            throw AdminErrors.AccountNotFound(request.AccountId);
        }

        return AccountMapper.ToProto(page);
    }

    private Accounts.IAccountGrain Account(string accountId) => grains.GetGrain<Accounts.IAccountGrain>(accountId);

    private static Balance ToBalance(Accounts.CreditOutcome outcome, AdjustCreditsRequest request) => outcome.Kind switch
    {
        Accounts.CreditOutcomeKind.Applied or Accounts.CreditOutcomeKind.AlreadyApplied => BalanceMapper.ToProto(outcome.Balance),
        Accounts.CreditOutcomeKind.NoAccount => throw AdminErrors.AccountNotFound(request.AccountId),
        Accounts.CreditOutcomeKind.Insufficient => throw AdminErrors.InsufficientCredits(request.Amount, outcome.Balance.Available),
        _ => throw new InvalidOperationException($"The account grain answered {outcome.Kind} to a credit adjustment."),
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Created account {AccountId} with {OpeningCredits} opening credits")]
    private partial void LogAccountCreated(string accountId, long openingCredits);

    [LoggerMessage(Level = LogLevel.Information, Message = "Issued API key {KeyId} for account {AccountId}")]
    private partial void LogKeyIssued(string keyId, string accountId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Revoked API key {KeyId} of account {AccountId}")]
    private partial void LogKeyRevoked(string keyId, string accountId);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Action} {Amount} credits for account {AccountId}")]
    private partial void LogCreditsAdjusted(string action, long amount, string accountId);
}
