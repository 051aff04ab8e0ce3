using System.ComponentModel.DataAnnotations;

namespace ImageGrid.Grains.Idempotency;

/// <summary>Section "Idempotency".</summary>
public sealed class IdempotencyOptions
{
    public const string SectionName = "Idempotency";

    /// <summary>How long a client_request_id keeps pointing at its task.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00")]
    public TimeSpan Retention { get; set; } = TimeSpan.FromHours(24);
}
