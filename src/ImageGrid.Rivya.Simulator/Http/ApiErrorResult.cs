using System.Globalization;
using ImageGrid.Rivya.Simulator.Contract;

namespace ImageGrid.Rivya.Simulator.Http;

/// <summary>An error answer in Rivya's shape, with <c>Retry-After</c> when one is due.</summary>
internal sealed class ApiErrorResult(
    int statusCode,
    string code,
    string message,
    IReadOnlyList<ErrorDetail>? details = null,
    int? retryAfterSeconds = null) : IResult, IStatusCodeHttpResult
{
    public int? StatusCode => statusCode;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = statusCode;
        if (retryAfterSeconds is { } seconds)
        {
            response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }

        return response.WriteAsJsonAsync(new ErrorEnvelope(new ErrorBody(code, message, details)), httpContext.RequestAborted);
    }

    public static ApiErrorResult ValidationFailed(IReadOnlyList<ErrorDetail> details) =>
        new(StatusCodes.Status400BadRequest, ErrorCodes.ValidationFailed, "The request is invalid.", details);

    public static ApiErrorResult ValidationFailed(string field, string message) => ValidationFailed([new ErrorDetail(field, message)]);

    public static ApiErrorResult Unauthorized() =>
        new(StatusCodes.Status401Unauthorized, ErrorCodes.Unauthorized, "A valid API key is required: Authorization: Bearer <key>.");

    public static ApiErrorResult NotFound(string what) =>
        new(StatusCodes.Status404NotFound, ErrorCodes.NotFound, $"The {what} does not exist.");

    public static ApiErrorResult InsufficientCredits(long available) =>
        new(
            StatusCodes.Status402PaymentRequired,
            ErrorCodes.InsufficientCredits,
            $"A task needs {RivyaContract.CreditsPerImage} credits; {available} are available.");

    public static ApiErrorResult IdempotencyConflict() =>
        new(
            StatusCodes.Status409Conflict,
            ErrorCodes.IdempotencyConflict,
            "This client_request_id was already used with a different request body.");

    public static ApiErrorResult RateLimited(int retryAfterSeconds) =>
        new(StatusCodes.Status429TooManyRequests, ErrorCodes.RateLimited, "Too many requests.", retryAfterSeconds: retryAfterSeconds);

    /// <summary>An answer with any status, coded by <see cref="ErrorCodes.ForStatus"/>.</summary>
    public static ApiErrorResult ForStatus(int statusCode, string message) => new(statusCode, ErrorCodes.ForStatus(statusCode), message);
}
