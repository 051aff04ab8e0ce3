using System.Net.Http.Json;
using System.Text.Json;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace ImageGrid.Rivya;

/// <summary>Turns every way a Rivya call can fail into a <see cref="RivyaApiException"/> (docs/rivya-contract.md, B5).</summary>
internal static class RivyaErrorMapper
{
    private const string Redacted = "[redacted]";

    public static async Task<RivyaApiException> FromResponseAsync(HttpResponseMessage response, string secret, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        var error = await ReadErrorAsync(response.Content, cancellationToken).ConfigureAwait(false);
        var code = string.IsNullOrWhiteSpace(error?.Code) ? FallbackCode(status) : error.Code;
        var message = string.IsNullOrWhiteSpace(error?.Message) ? $"Rivya answered {status} {response.ReasonPhrase}." : error.Message;
        var details = (error?.Details ?? [])
            .OfType<ErrorDetailBody>()
            .Select(detail => new RivyaErrorDetail(Scrub(detail.Field ?? string.Empty, secret), Scrub(detail.Message ?? string.Empty, secret)))
            .ToList();

        return new RivyaApiException(code, Scrub(message, secret), status, IsTransientStatus(status), ReadRetryAfter(response))
        {
            Details = details,
        };
    }

    /// <summary>True for failures where no usable answer came back, except the caller's own cancellation.</summary>
    public static bool IsTransportFailure(Exception exception, CancellationToken cancellationToken) => exception switch
    {
        HttpRequestException or ExecutionRejectedException => true,
        // HttpClient.Timeout surfaces as a cancellation the caller did not ask for.
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        _ => false,
    };

    public static RivyaApiException FromTransportFailure(Exception exception, string secret) => exception switch
    {
        TimeoutRejectedException or OperationCanceledException =>
            new(RivyaErrorCodes.Timeout, "Rivya did not answer in time.", null, isTransient: true, inner: exception),
        BrokenCircuitException broken =>
            new(RivyaErrorCodes.Outage, "Rivya is out: ImageGrid holds calls to it back until a probe gets an answer.", null, isTransient: true, broken.RetryAfter, exception),
        ExecutionRejectedException =>
            new(RivyaErrorCodes.Unavailable, "Calls to Rivya are being held back by the resilience pipeline.", null, isTransient: true, inner: exception),
        _ => new(RivyaErrorCodes.Unavailable, Scrub($"Rivya could not be reached: {exception.Message}", secret), null, isTransient: true, inner: exception),
    };

    public static RivyaApiException InvalidResponse(HttpResponseMessage response, Exception? inner, string secret)
    {
        var reason = inner?.Message ?? "the body is null.";
        return new RivyaApiException(
            RivyaErrorCodes.InvalidResponse,
            Scrub($"Rivya answered {(int)response.StatusCode} with a body that does not follow the v1 contract: {reason}", secret),
            (int)response.StatusCode,
            isTransient: false,
            inner: inner);
    }

    /// <summary>Retry-After as a wait from now, whether sent as delta seconds or as an HTTP date.</summary>
    public static TimeSpan? ReadRetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        var wait = header?.Delta ?? (header?.Date - TimeProvider.System.GetUtcNow());
        return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
    }

    private static bool IsTransientStatus(int status) => status is >= 500 or 408 or 429;

    private static string FallbackCode(int status) => status switch
    {
        400 or 422 => RivyaErrorCodes.ValidationFailed,
        401 or 403 => RivyaErrorCodes.Unauthorized,
        402 => RivyaErrorCodes.InsufficientCredits,
        404 => RivyaErrorCodes.NotFound,
        408 => RivyaErrorCodes.Timeout,
        409 => RivyaErrorCodes.IdempotencyConflict,
        429 => RivyaErrorCodes.RateLimited,
        >= 500 => RivyaErrorCodes.Unavailable,
        _ => RivyaErrorCodes.InvalidResponse,
    };

    private static async Task<ErrorBody?> ReadErrorAsync(HttpContent content, CancellationToken cancellationToken)
    {
        try
        {
            var envelope = await content.ReadFromJsonAsync(RivyaJsonContext.Default.ErrorEnvelope, cancellationToken).ConfigureAwait(false);
            return envelope?.Error;
        }
        catch (JsonException)
        {
            // Not Rivya's error shape (a proxy's HTML page, an empty body): the status alone decides.
            return null;
        }
    }

    // Upstream text is echoed into messages; make sure it cannot carry the key along.
    private static string Scrub(string text, string secret) =>
        string.IsNullOrEmpty(secret) ? text : text.Replace(secret, Redacted, StringComparison.Ordinal);
}
