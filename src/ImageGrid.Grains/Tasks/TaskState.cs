using System.Collections.Immutable;
using ImageGrid.Rivya;

namespace ImageGrid.Grains;

/// <summary>
/// What a task grain persists: the request once, and every version the task has had. The rules on its versions live
/// here too (pure: no storage, no calls), so the grain only orchestrates.
/// </summary>
[GenerateSerializer, Alias("imagegrid.TaskState")]
public sealed class TaskState
{
    [Id(0)] public string AccountId { get; set; } = "";
    [Id(1)] public ImageRequest? Request { get; set; }
    [Id(2)] public DateTimeOffset CreatedAt { get; set; }
    /// <summary>Version n is at index n-1; a task has a handful of versions in its life.</summary>
    [Id(3)] public List<TaskProgress> History { get; set; } = [];
    /// <summary>Credits reserved from the account for this task.</summary>
    [Id(4)] public long ReservedCredits { get; set; }
    /// <summary>
    /// True once the reservation is settled or released. Set in memory only (earlier versions stored it): closing again
    /// is idempotent and cheaper than a write per task.
    /// </summary>
    [Id(5)] public bool CreditsClosed { get; set; }
    /// <summary>The W3C traceparent of the call that created the task, when it was traced: drive steps link to it.</summary>
    [Id(6)] public string? CreateTraceParent { get; set; }

    public bool Exists => History.Count > 0;

    public TaskProgress Current => History[^1];

    /// <summary>Nothing is left to do for this task: it is terminal and its credits and index entry are closed.</summary>
    public bool Finished => Exists && Current.Status.IsTerminal() && CreditsClosed;

    /// <summary>A new task: version 1, SUBMITTING.</summary>
    public static TaskState Created(TaskSubmission submission, DateTimeOffset now, string? traceParent) => new()
    {
        AccountId = submission.AccountId,
        Request = submission.Request,
        CreatedAt = now,
        ReservedCredits = submission.Price,
        CreateTraceParent = traceParent,
        History = [new TaskProgress { Version = 1, Status = ImageTaskStatus.Submitting, UpdatedAt = now }],
    };

    /// <summary>Rivya's view as the next version, or null when a watcher would see no difference.</summary>
    public TaskProgress? NextFrom(RivyaTask task, DateTimeOffset now)
    {
        var next = RivyaTaskMapping.Apply(Current, task);
        return next.DiffersFrom(Current) ? next with { Version = Current.Version + 1, UpdatedAt = now } : null;
    }

    /// <summary>The next version, ending the task FAILED with <paramref name="failure"/>.</summary>
    public TaskProgress NextFailed(TaskFailure failure, DateTimeOffset now) => Current with
    {
        Version = Current.Version + 1,
        Status = ImageTaskStatus.Failed,
        UpdatedAt = now,
        Error = failure,
    };

    /// <summary>Unfinished and older than <paramref name="maxAge"/>: ImageGrid stops waiting for Rivya.</summary>
    public bool IsTooOld(DateTimeOffset now, TimeSpan maxAge) => !Current.Status.IsTerminal() && now - CreatedAt >= maxAge;

    /// <summary>When the task entered its current status: the first of the latest run of versions with that status.</summary>
    public DateTimeOffset PhaseStartedAt()
    {
        var first = History.Count - 1;
        while (first > 0 && History[first - 1].Status == History[^1].Status)
        {
            first--;
        }

        return History[first].UpdatedAt;
    }

    public TaskSnapshot Snapshot(string taskId, long version) => new()
    {
        TaskId = taskId,
        AccountId = AccountId,
        Request = Request!,
        CreatedAt = CreatedAt,
        Progress = History[(int)version - 1],
        PreviousStatus = version > 1 ? History[(int)version - 2].Status : ImageTaskStatus.Unspecified,
    };

    /// <summary>The versions after <paramref name="afterVersion"/>, oldest first.</summary>
    public ImmutableArray<TaskSnapshot> SnapshotsAfter(string taskId, long afterVersion)
    {
        var versions = ImmutableArray.CreateBuilder<TaskSnapshot>((int)Math.Max(0, Current.Version - afterVersion));
        for (var version = afterVersion + 1; version <= Current.Version; version++)
        {
            versions.Add(Snapshot(taskId, version));
        }

        return versions.MoveToImmutable();
    }
}
