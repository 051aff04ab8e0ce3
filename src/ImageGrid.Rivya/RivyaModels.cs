namespace ImageGrid.Rivya;

/// <summary>A create request. <see cref="Params"/> holds the model's select parameters (e.g. aspect_ratio).</summary>
public sealed record RivyaCreateTaskRequest(
    string Model,
    string Prompt,
    IReadOnlyDictionary<string, string> Params,
    IReadOnlyList<RivyaReferenceMediaItem> ReferenceMediaItems,
    string ClientRequestId);

public sealed record RivyaReferenceMediaItem(string Url, string Kind, string Name, string MimeType, string? DurationToken = null);

public sealed record RivyaTask(
    string Id,
    string Status,
    string Model,
    int ReservedCredits,
    int FinalCredits,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    RivyaResult? Result,
    RivyaError? Error);

public sealed record RivyaResult(IReadOnlyList<RivyaImage> Images);

public sealed record RivyaImage(string Url, int Width, int Height, string MimeType);

public sealed record RivyaError(string Code, string Message);

/// <summary>One field-level reason in a rejection's <c>error.details</c>.</summary>
public sealed record RivyaErrorDetail(string Field, string Message);

/// <summary>An uploaded file, to be passed on as a <see cref="RivyaReferenceMediaItem"/>.</summary>
public sealed record RivyaFile(string Url, string Kind, string Name, string MimeType, long Size, string? DurationToken);

/// <summary>Rivya's task statuses (docs/rivya-contract.md, B3: anything else is non-terminal).</summary>
public static class RivyaTaskStatuses
{
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
}

/// <summary>Rivya's error codes (docs/rivya-contract.md: part A and B5), plus the two ImageGrid uses when no answer came back.</summary>
public static class RivyaErrorCodes
{
    public const string ValidationFailed = "validation_failed";
    public const string Unauthorized = "unauthorized";
    public const string InsufficientCredits = "insufficient_credits";
    public const string NotFound = "not_found";
    public const string IdempotencyConflict = "idempotency_conflict";
    public const string RateLimited = "rate_limited";
    /// <summary>A 5xx without a recognised code, a refused connection or a dropped response.</summary>
    public const string Unavailable = "unavailable";
    /// <summary>No answer within the attempt or total timeout.</summary>
    public const string Timeout = "timeout";
    /// <summary>An answer that does not follow the v1 contract: an unreadable 2xx body or an unexpected status without a code.</summary>
    public const string InvalidResponse = "invalid_response";
    /// <summary>Not sent: Rivya is out and ImageGrid holds calls back until a probe gets an answer (see <c>RivyaOutageCircuit</c>).</summary>
    public const string Outage = "outage";
}
