using ImageGrid.Rivya;

namespace ImageGrid.Grains.Scheduling;

/// <summary>
/// Learning and using phase lengths for one task: records what Rivya's timestamps say each phase took, and gives the
/// delay to the first poll of a new phase, which waits until the phase's shortest usual length (its 5th percentile) has
/// nearly passed.
/// </summary>
public sealed class PhaseStart(TaskDurations durations, string kind, TimeSpan shortestDelay)
{
    /// <summary>The share of past phases that ended sooner than the first poll.</summary>
    public const double FirstPollQuantile = 0.05;

    private DateTimeOffset? _runningAt;
    private (TaskPhase Phase, DateTimeOffset StartedAt)? _current;

    /// <summary>
    /// Rivya's task just changed status: keeps what the phase that ended took, and returns the delay to the first poll
    /// of the new one, or null to keep the fixed ramp (no history yet, or the phase is nearly over already).
    /// </summary>
    public TimeSpan? Observe(RivyaTask task, DateTimeOffset now)
    {
        switch (task.Status)
        {
            case RivyaTaskStatuses.Queued:
                _current = (TaskPhase.Queued, task.CreatedAt);
                return FirstPoll(TaskPhase.Queued, task.CreatedAt, now);
            case RivyaTaskStatuses.Running:
                _runningAt = task.UpdatedAt;
                _current = (TaskPhase.Running, task.UpdatedAt);
                durations.Record(kind, TaskPhase.Queued, task.UpdatedAt - task.CreatedAt);
                return FirstPoll(TaskPhase.Running, task.UpdatedAt, now);
            case RivyaTaskStatuses.Succeeded when _runningAt is { } runningAt:
                _current = null;
                durations.Record(kind, TaskPhase.Running, task.UpdatedAt - runningAt);
                return null;
            default:
                _current = null;
                return null;
        }
    }

    /// <summary>
    /// When the task is expected to have left its current phase: the phase's start plus its usual (median) length, or
    /// the start alone without history (older phases first), or <paramref name="now"/> when the phase is unknown.
    /// Among polls waiting for the request budget, the earliest goes first.
    /// </summary>
    public DateTimeOffset ExpectedBy(DateTimeOffset now) => _current is { } current
        ? current.StartedAt + (durations.Quantile(kind, current.Phase, 0.5) ?? TimeSpan.Zero)
        : now;

    /// <summary>
    /// After a poll that found nothing new: the wait until the current phase's shortest usual length has passed, when
    /// that is longer than <paramref name="ramp"/> (a phase that began before the history existed learns it now).
    /// </summary>
    public TimeSpan Next(TimeSpan ramp, DateTimeOffset now) =>
        _current is { } current && FirstPoll(current.Phase, current.StartedAt, now) is { } wait && wait > ramp ? wait : ramp;

    private TimeSpan? FirstPoll(TaskPhase phase, DateTimeOffset startedAt, DateTimeOffset now)
    {
        if (durations.Quantile(kind, phase, FirstPollQuantile) is not { } shortest)
        {
            return null;
        }

        // Rivya's clock may differ from ours: never wait longer than the phase's shortest usual length itself.
        var wait = startedAt + shortest - now;
        if (wait > shortest)
        {
            wait = shortest;
        }

        return wait > shortestDelay ? wait : null;
    }
}
