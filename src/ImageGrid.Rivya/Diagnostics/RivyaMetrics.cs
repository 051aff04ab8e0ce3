using System.Diagnostics;
using System.Diagnostics.Metrics;
using ImageGrid.Rivya.Budget;

namespace ImageGrid.Rivya.Diagnostics;

/// <summary>
/// Calls to Rivya as the client's callers see them (retries included in one call), by endpoint and outcome, and the
/// retries the resilience pipeline made (meter <see cref="RivyaRequestBudget.MeterName"/>, beside the budget's).
/// Endpoints: <c>create</c> (POST /api/v1/tasks), <c>poll</c> (GET /api/v1/tasks/{id}), <c>upload</c> (POST /api/v1/files).
/// Outcomes: <c>ok</c>, Rivya's error code (<see cref="RivyaErrorCodes"/>), <c>cancelled</c> by the caller, or <c>other</c>
/// (a code Rivya invents: tag values stay a bounded set).
/// </summary>
public sealed class RivyaMetrics
{
    public const string CancelledOutcome = "cancelled";
    public const string OtherOutcome = "other";

    private static readonly HashSet<string> KnownCodes =
    [
        RivyaErrorCodes.ValidationFailed, RivyaErrorCodes.Unauthorized, RivyaErrorCodes.InsufficientCredits, RivyaErrorCodes.NotFound,
        RivyaErrorCodes.IdempotencyConflict, RivyaErrorCodes.RateLimited, RivyaErrorCodes.Unavailable, RivyaErrorCodes.Timeout,
        RivyaErrorCodes.InvalidResponse, CancelledOutcome,
    ];

    private readonly Counter<long> _requests;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _retries;

    public RivyaMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(RivyaRequestBudget.MeterName);
        _requests = meter.CreateCounter<long>("imagegrid.rivya.requests", "{request}", "Calls to Rivya by endpoint and outcome (a call's retries included)");
        _duration = meter.CreateHistogram("imagegrid.rivya.request.duration", "s", "How long calls to Rivya took, retries included, by endpoint and outcome",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] });
        _retries = meter.CreateCounter<long>("imagegrid.rivya.retries", "{request}", "Attempts the resilience pipeline repeated after a transient failure, by endpoint");
    }

    public static string EndpointOf(RivyaRequestKind kind) => kind switch
    {
        RivyaRequestKind.Create => "create",
        RivyaRequestKind.Upload => "upload",
        _ => "poll",
    };

    public void Completed(RivyaRequestKind kind, string? errorCode, TimeSpan elapsed)
    {
        var tags = new TagList
        {
            { "endpoint", EndpointOf(kind) },
            { "outcome", errorCode is null ? "ok" : KnownCodes.Contains(errorCode) ? errorCode : OtherOutcome },
        };
        _requests.Add(1, tags);
        _duration.Record(elapsed.TotalSeconds, tags);
    }

    public void Retried(RivyaRequestKind kind) => _retries.Add(1, new KeyValuePair<string, object?>("endpoint", EndpointOf(kind)));
}
