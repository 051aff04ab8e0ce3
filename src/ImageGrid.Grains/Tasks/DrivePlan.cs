using ImageGrid.Grains.Scheduling;
using ImageGrid.Rivya;

namespace ImageGrid.Grains;

/// <summary>
/// When a task's next drive step goes (pure: no storage, no calls): the poll ramp (<see cref="PollSchedule"/>), the
/// phase lengths learned for its kind (<see cref="PhaseStart"/>) and Rivya's Retry-After (<see cref="UpstreamPacing"/>)
/// decide together. One per activation.
/// </summary>
public sealed class DrivePlan(TaskPollingOptions options, UpstreamPacing pacing, Func<PhaseStart> phases)
{
    private readonly PollSchedule _schedule = new(options);
    private PhaseStart? _phases;
    /// <summary>The learned delay to the first poll of the phase the task just entered; null keeps the fixed ramp.</summary>
    private TimeSpan? _firstPollOfPhase;

    /// <summary>How long Rivya asked to be left alone; zero when a request may go now.</summary>
    public TimeSpan Held => pacing.Remaining;

    private PhaseStart Phases => _phases ??= phases();

    /// <summary>When the task's current phase is expected to end, for the budget's order of polls.</summary>
    public DateTimeOffset ExpectedBy(DateTimeOffset now) => Phases.ExpectedBy(now);

    /// <summary>The task entered a new status: the next poll waits for the learned first poll of that phase.</summary>
    public void StatusChanged(RivyaTask task, DateTimeOffset now) => _firstPollOfPhase = Phases.Observe(task, now);

    /// <summary>The delay after a change: to the learned first poll of the new phase, or the ramp's first step.</summary>
    public TimeSpan AfterChange()
    {
        var ramp = _schedule.AfterChange();
        var learned = _firstPollOfPhase;
        _firstPollOfPhase = null;
        return learned ?? ramp;
    }

    /// <summary>The delay after a poll that found nothing new: the ramp's next step, or later if the phase is young.</summary>
    public TimeSpan AfterNoChange(RivyaTask task, DateTimeOffset now)
    {
        var ramp = _schedule.AfterNoChange();
        if (_phases is null)
        {
            // The first poll of this activation: learn which phase the task is in and since when.
            Phases.Observe(task, now);
        }

        return Phases.Next(ramp, now);
    }

    /// <summary>A poll failed: back off along the ramp, at least as long as Rivya asked, and hold every request back.</summary>
    public TimeSpan AfterPollFailure(TimeSpan? retryAfter)
    {
        var next = _schedule.AfterError(pacing.Capped(retryAfter));
        pacing.HoldFor(next);
        return next;
    }

    /// <summary>A create failed transiently: the next one goes after the submit interval or Rivya's Retry-After.</summary>
    public TimeSpan AfterSubmitFailure(TimeSpan? retryAfter)
    {
        var wait = pacing.Capped(retryAfter) is { } asked && asked > options.SubmitRetryInterval ? asked : options.SubmitRetryInterval;
        pacing.HoldFor(wait);
        return wait;
    }

    /// <summary>A step failed for another reason (storage, the account, a bug): back off along the ramp.</summary>
    public TimeSpan AfterStepFailure() => _schedule.AfterError(null);

    /// <summary>The delay before the next step of a task in <paramref name="status"/>, never before Rivya's Retry-After is over.</summary>
    public TimeSpan Next(ImageTaskStatus status)
    {
        var planned = status switch
        {
            ImageTaskStatus.Submitting => options.SubmitRetryInterval,
            _ when status.IsTerminal() => _schedule.AfterError(null),
            _ => AfterChange(),
        };
        return Held > planned ? Held : planned;
    }
}
