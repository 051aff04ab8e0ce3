using ImageGrid.Catalog;
using ImageGrid.Contracts.V1;
using ImageGrid.Server.Grpc;

namespace ImageGrid.Server.Admin;

/// <summary>
/// Checks admin requests before any grain is called; every offending field is reported, named by its proto field.
/// Text lengths count Unicode scalar values, as everywhere in ImageGrid.
/// </summary>
public static class AdminRequestValidation
{
    public const long MaxCredits = 1_000_000_000_000;
    public const int MaxDisplayNameLength = 200;
    public const int MaxKeyNameLength = 200;
    public const int MaxReasonLength = 500;
    public const int MaxKeyIdLength = 128;
    public const int DefaultLedgerPageSize = 100;
    public const int MaxLedgerPageSize = 500;

    public static void Check(CreateAccountRequest request)
    {
        var violations = new List<FieldViolation>();
        CheckText("display_name", request.DisplayName, MaxDisplayNameLength, violations);
        if (request.OpeningCredits is < 0 or > MaxCredits)
        {
            violations.Add(new FieldViolation("opening_credits", $"must be between 0 and {MaxCredits}; got {request.OpeningCredits}"));
        }

        ThrowIfAny(violations);
    }

    public static void Check(GetAccountRequest request) => ThrowIfAny(AccountId(request.AccountId));

    public static void Check(IssueApiKeyRequest request)
    {
        var violations = AccountId(request.AccountId);
        CheckText("name", request.Name, MaxKeyNameLength, violations);
        ThrowIfAny(violations);
    }

    public static void Check(RevokeApiKeyRequest request)
    {
        var violations = AccountId(request.AccountId);
        CheckText("key_id", request.KeyId, MaxKeyIdLength, violations);
        ThrowIfAny(violations);
    }

    public static void Check(AdjustCreditsRequest request)
    {
        var violations = AccountId(request.AccountId);
        if (request.Amount is <= 0 or > MaxCredits)
        {
            violations.Add(new FieldViolation("amount", $"must be between 1 and {MaxCredits}; got {request.Amount}"));
        }

        CheckText("reason", request.Reason, MaxReasonLength, violations);
        ThrowIfAny(violations);
    }

    /// <summary>Checks the request and answers the ledger position to read after and the page size to read.</summary>
    public static (long AfterSequence, int PageSize) Check(GetLedgerRequest request)
    {
        var violations = AccountId(request.AccountId);
        if (request.PageSize is < 0 or > MaxLedgerPageSize)
        {
            violations.Add(new FieldViolation("page_size", $"must be between 1 and {MaxLedgerPageSize} (or 0 for {DefaultLedgerPageSize}); got {request.PageSize}"));
        }

        if (!LedgerPageToken.TryDecode(request.PageToken, out var afterSequence))
        {
            violations.Add(new FieldViolation("page_token", "is not a token this service returned; pass a next_page_token unchanged, or nothing for the first page"));
        }

        ThrowIfAny(violations);
        return (afterSequence, request.PageSize == 0 ? DefaultLedgerPageSize : request.PageSize);
    }

    private static List<FieldViolation> AccountId(string accountId)
    {
        var violations = new List<FieldViolation>();
        CheckText("account_id", accountId, AccountIds.MaxLength, violations);
        return violations;
    }

    private static void CheckText(string field, string value, int maxLength, List<FieldViolation> violations)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            violations.Add(new FieldViolation(field, "is required"));
            return;
        }

        var length = PromptLength.Count(value);
        if (length > maxLength)
        {
            violations.Add(new FieldViolation(field, $"must be at most {maxLength} characters (Unicode scalar values); got {length}"));
        }
    }

    private static void ThrowIfAny(List<FieldViolation> violations)
    {
        if (violations.Count > 0)
        {
            throw RpcErrors.InvalidArgument(violations);
        }
    }
}
