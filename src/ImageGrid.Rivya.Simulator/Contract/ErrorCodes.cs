namespace ImageGrid.Rivya.Simulator.Contract;

/// <summary>Error codes from the contract (docs/rivya-contract.md, part A) plus the HTTP statuses assumed for them (docs/rivya-contract.md, B5).</summary>
internal static class ErrorCodes
{
    public const string ValidationFailed = "validation_failed";
    public const string Unauthorized = "unauthorized";
    public const string InsufficientCredits = "insufficient_credits";
    public const string NotFound = "not_found";
    public const string IdempotencyConflict = "idempotency_conflict";
    public const string RateLimited = "rate_limited";
    public const string Internal = "internal";

    /// <summary>The code that goes with an HTTP status; statuses without a code of their own get <see cref="Internal"/>.</summary>
    public static string ForStatus(int status) => status switch
    {
        StatusCodes.Status400BadRequest => ValidationFailed,
        StatusCodes.Status401Unauthorized => Unauthorized,
        StatusCodes.Status402PaymentRequired => InsufficientCredits,
        StatusCodes.Status404NotFound => NotFound,
        StatusCodes.Status409Conflict => IdempotencyConflict,
        StatusCodes.Status429TooManyRequests => RateLimited,
        _ => Internal,
    };
}
