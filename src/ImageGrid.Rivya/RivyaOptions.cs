using System.ComponentModel.DataAnnotations;

namespace ImageGrid.Rivya;

/// <summary>Where Rivya is and how patiently to talk to it (configuration section <c>Rivya</c>).</summary>
public sealed class RivyaOptions : IValidatableObject
{
    public const string SectionName = "Rivya";

    /// <summary>Absolute http(s) URL of the API root; <c>api/v1/...</c> is resolved against it.</summary>
    [Required]
    public string? BaseUrl { get; set; }

    /// <summary>Sent as <c>Authorization: Bearer</c>. A secret: never logged and never put into a message.</summary>
    [Required]
    public string ApiKey { get; set; } = string.Empty;

    /// <summary>How long one HTTP attempt may take before it is abandoned and retried.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long one call may take across all its attempts and the waits between them.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00")]
    public TimeSpan TotalRequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Retries after the first attempt for transient failures (5xx, 408, 429, connection failures, attempt timeouts); 0 disables retries.</summary>
    [Range(0, 10)]
    public int MaxRetryAttempts { get; set; } = 3;

    /// <summary>First backoff delay; later ones grow exponentially, with jitter.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The longest Retry-After a task waits before its next request to Rivya; a longer one is cut to this. The client
    /// itself never waits out a Retry-After: the call fails at once with <see cref="RivyaApiException.RetryAfter"/> set,
    /// so the caller schedules the next request.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Connections this silo opens to Rivya at most; further requests wait for a free one (within their attempt
    /// timeout). Without a bound, tens of thousands of tasks polling at once would each open a socket.
    /// </summary>
    [Range(1, 100_000)]
    public int MaxConnections { get; set; } = 256;

    /// <summary>
    /// The most requests per second all silos together send with this key (creates, polls, uploads and retries): a
    /// cap; after a 429 the cluster runs below it and climbs back. A little under Rivya's limit, because Rivya refills
    /// its tokens once a second and a smoother sender just at the limit would still be refused now and then.
    /// </summary>
    [Range(0.1, 1_000_000_000)]
    public double RequestsPerSecond { get; set; } = 190;

    /// <summary>Requests all silos together may send at once above the rate after a quiet spell.</summary>
    [Range(1, 1_000_000_000)]
    public double Burst { get; set; } = 200;

    /// <summary>
    /// The share of calls (each after all its retries) that must fail within <see cref="OutageSamplingDuration"/> for
    /// Rivya to count as out: refused or cut connections, timeouts and 5xx answers. Then calls are held back and a
    /// single probe goes every <see cref="OutageProbeInterval"/>.
    /// </summary>
    [Range(0.01, 1.0)]
    public double OutageFailureRatio { get; set; } = 0.5;

    /// <summary>Calls that must have ended within <see cref="OutageSamplingDuration"/> before Rivya can count as out.</summary>
    [Range(2, 1_000_000)]
    public int OutageMinimumCalls { get; set; } = 10;

    /// <summary>The window over which failed calls are counted; longer than <see cref="TotalRequestTimeout"/>, so that calls that fail slowly count too.</summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "01:00:00")]
    public TimeSpan OutageSamplingDuration { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>While Rivya is out, how long after each failed probe the cluster sends the next one.</summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "01:00:00")]
    public TimeSpan OutageProbeInterval { get; set; } = TimeSpan.FromSeconds(2);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Uri.TryCreate(BaseUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            yield return new ValidationResult("BaseUrl must be an absolute http or https URL.", [nameof(BaseUrl)]);
        }

        if (AttemptTimeout > TotalRequestTimeout)
        {
            yield return new ValidationResult("AttemptTimeout must not exceed TotalRequestTimeout.", [nameof(AttemptTimeout), nameof(TotalRequestTimeout)]);
        }
    }
}
