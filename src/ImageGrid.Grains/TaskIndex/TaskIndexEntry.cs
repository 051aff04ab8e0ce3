namespace ImageGrid.Grains.TaskIndex;

[GenerateSerializer, Alias("imagegrid.TaskIndexEntry")]
public sealed class TaskIndexEntry
{
    [Id(0)] public string TaskId { get; set; } = "";
    [Id(1)] public ImageTaskStatus Status { get; set; }
    [Id(2)] public long Version { get; set; }
    /// <summary>The image URLs of a succeeded task: the account may pass them on as references.</summary>
    [Id(3)] public List<string>? ImageUrls { get; set; }
}

/// <summary>One stored segment of an account's task index: up to <see cref="AccountTasksGrain.SegmentSize"/> entries in arrival order.</summary>
[GenerateSerializer, Alias("imagegrid.TaskIndexSegment")]
public sealed class TaskIndexSegment
{
    [Id(0)] public List<TaskIndexEntry> Entries { get; set; } = [];
}
