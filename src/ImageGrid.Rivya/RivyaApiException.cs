namespace ImageGrid.Rivya;

/// <summary>Rivya did not do what was asked: a rejection (<see cref="IsTransient"/> false) or a failure worth retrying.</summary>
public sealed class RivyaApiException(string code, string message, int? httpStatus, bool isTransient, TimeSpan? retryAfter = null, Exception? inner = null)
    : Exception(message, inner)
{
    /// <summary>Rivya's error code (see <see cref="RivyaErrorCodes"/>).</summary>
    public string Code { get; } = code;

    /// <summary>The HTTP status, or null when no answer came back.</summary>
    public int? HttpStatus { get; } = httpStatus;

    /// <summary>True for 5xx, 408, 429, timeouts and connection failures: the same request may succeed later.</summary>
    public bool IsTransient { get; } = isTransient;

    /// <summary>Rivya's Retry-After, when it gave one.</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;

    /// <summary>Field-level reasons from <c>error.details</c>; empty when Rivya gave none.</summary>
    public IReadOnlyList<RivyaErrorDetail> Details { get; init; } = [];
}
