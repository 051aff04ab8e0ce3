namespace ImageGrid.Rivya.Simulator.Tasks;

internal enum TaskPhase
{
    Queued,
    Running,
    Finished,
}

/// <summary>When a task entered each phase; its state at any moment follows from these, so no background work is needed.</summary>
internal readonly record struct TaskTimeline(DateTimeOffset CreatedAt, DateTimeOffset RunningAt, DateTimeOffset FinishedAt)
{
    public static TaskTimeline Starting(DateTimeOffset createdAt, TimeSpan queued, TimeSpan running) =>
        new(createdAt, createdAt + queued, createdAt + queued + running);

    public TaskPhase PhaseAt(DateTimeOffset now) =>
        now < RunningAt ? TaskPhase.Queued
        : now < FinishedAt ? TaskPhase.Running
        : TaskPhase.Finished;

    /// <summary>The time of the last status change as of <paramref name="now"/>.</summary>
    public DateTimeOffset UpdatedAt(DateTimeOffset now) => PhaseAt(now) switch
    {
        TaskPhase.Queued => CreatedAt,
        TaskPhase.Running => RunningAt,
        _ => FinishedAt,
    };
}
