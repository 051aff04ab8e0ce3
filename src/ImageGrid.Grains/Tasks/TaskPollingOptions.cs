using System.ComponentModel.DataAnnotations;

namespace ImageGrid.Grains;

/// <summary>How a task grain submits to Rivya and polls it (section "Polling").</summary>
public sealed class TaskPollingOptions
{
    public const string SectionName = "Polling";

    /// <summary>First delay between status polls, and the delay right after a status change.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan InitialInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The delay grows by <see cref="GrowthFactor"/> while nothing changes, up to this.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan MaxInterval { get; set; } = TimeSpan.FromSeconds(5);

    [Range(1.0, 10.0)]
    public double GrowthFactor { get; set; } = 1.5;

    /// <summary>
    /// Learn how long tasks stay queued and running and poll around the expected transitions. Off, every task keeps
    /// the fixed ramp above (the benchmark's limit scenario runs both to compare them).
    /// </summary>
    public bool LearnDurations { get; set; } = true;

    /// <summary>How long CreateImage waits for Rivya to acknowledge before answering with the task still SUBMITTING.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan SubmitAckTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Delay between background submit attempts once the acknowledgement deadline has passed.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan SubmitRetryInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// A task still unfinished at this age ends FAILED (deadline_exceeded), its reservation released and its polling
    /// stopped. An outage of Rivya shorter than this never fails a task.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00")]
    public TimeSpan MaxTaskAge { get; set; } = TimeSpan.FromHours(24);
}
