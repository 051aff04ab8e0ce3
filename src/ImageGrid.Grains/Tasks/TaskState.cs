namespace ImageGrid.Grains;

/// <summary>What a task grain persists: the request once, and every version the task has had.</summary>
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
}
