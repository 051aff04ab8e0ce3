using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace ImageGrid.Grains.Diagnostics;

/// <summary>The tasks' lives as this silo drives them (meter <see cref="MeterName"/>).</summary>
public sealed class TaskMetrics
{
    public const string MeterName = "ImageGrid.Grains";

    private readonly Counter<long> _transitions;
    private readonly Histogram<double> _phaseDuration;
    private readonly UpDownCounter<long> _inFlight;

    public TaskMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _transitions = meter.CreateCounter<long>("imagegrid.tasks.transitions", "{transition}", "Status changes of tasks, by the status left (from) and the one entered (to)");
        _phaseDuration = meter.CreateHistogram("imagegrid.tasks.phase.duration", "s", "Time a task spent in a status (phase) before it left it for another (to)",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600] });
        _inFlight = meter.CreateUpDownCounter<long>("imagegrid.tasks.in_flight", "{task}", "Unfinished tasks whose grain is active on this silo (not terminal, or credits not yet closed)");
    }

    public void Transitioned(ImageTaskStatus from, ImageTaskStatus to, TimeSpan timeInPhase)
    {
        var tags = new TagList { { "from", Name(from) }, { "to", Name(to) } };
        _transitions.Add(1, tags);
        _phaseDuration.Record(Math.Max(0, timeInPhase.TotalSeconds), new TagList { { "phase", Name(from) }, { "to", Name(to) } });
    }

    public void InFlightChanged(bool inFlight) => _inFlight.Add(inFlight ? 1 : -1);

    /// <summary>The status as the public API names it, lower case: submitting, queued, running, succeeded, failed.</summary>
    public static string Name(ImageTaskStatus status) => status switch
    {
        ImageTaskStatus.Submitting => "submitting",
        ImageTaskStatus.Queued => "queued",
        ImageTaskStatus.Running => "running",
        ImageTaskStatus.Succeeded => "succeeded",
        ImageTaskStatus.Failed => "failed",
        _ => "unspecified",
    };
}
