using ImageGrid.Rivya;

namespace ImageGrid.Grains.Scheduling;

/// <summary>
/// Learning and using phase lengths for one task: records what Rivya's timestamps say each phase took, and gives the
/// delay to the first poll of a new phase, which waits until the phase's shortest usual length (its 5th percentile) has
/// nearly passed.
/// </summary>
/// <param name="longestDelay">The longest wait between two polls once the phase's shortest usual length has passed.</param>
public sealed class PhaseStart(TaskDurations durations, string kind, TimeSpan shortestDelay, TimeSpan? longestDelay = null)
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
    /// that is longer than <paramref name="ramp"/> (a phase that began before the history existed learns it now). Past
    /// it, polls go at least a <see cref="Step"/> apart: the transition is spread over the phase's usual lengths, so
    /// polls a second apart from its shortest one on would mostly find nothing.
    /// </summary>
    public TimeSpan Next(TimeSpan ramp, DateTimeOffset now)
    {
        if (_current is not { } current)
        {
            return ramp;
        }

        if (FirstPoll(current.Phase, current.StartedAt, now) is { } wait && wait > ramp)
        {
            return wait;
        }

        return Step(current.Phase) is { } step && step > ramp ? step : ramp;
    }

    /// <summary>
    /// Half the way from the phase's shortest usual length to its median (two polls on the way to the likeliest
    /// moment), at most <c>longestDelay</c>; null without history.
    /// </summary>
    public TimeSpan? Step(TaskPhase phase)
    {
        if (durations.Quantile(kind, phase, FirstPollQuantile) is not { } shortest || durations.Quantile(kind, phase, 0.5) is not { } median)
        {
            return null;
        }

        var step = (median - shortest) / 2;
        return longestDelay is { } longest && step > longest ? longest : step;
    }

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
