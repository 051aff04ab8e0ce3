namespace ImageGrid.Grains.TaskIndex;

[GenerateSerializer, Alias("imagegrid.TaskIndexEntry")]
public sealed class TaskIndexEntry
{
    [Id(0)] public string TaskId { get; set; } = "";
    [Id(1)] public ImageTaskStatus Status { get; set; }
    [Id(2)] public long Version { get; set; }
}

[GenerateSerializer, Alias("imagegrid.TaskIndexState")]
public sealed class TaskIndexState
{
    [Id(0)] public List<TaskIndexEntry> Entries { get; set; } = [];
}
