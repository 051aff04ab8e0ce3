namespace ImageGrid.Grains;

/// <summary>Where a task is in its life. Numbers match the public proto enum.</summary>
[GenerateSerializer]
[Alias("imagegrid.ImageTaskStatus")]
public enum ImageTaskStatus
{
    Unspecified = 0,
    Submitting = 1,
    Queued = 2,
    Running = 3,
    Succeeded = 4,
    Failed = 5,
}

public static class ImageTaskStatusExtensions
{
    public static bool IsTerminal(this ImageTaskStatus status) =>
        status is ImageTaskStatus.Succeeded or ImageTaskStatus.Failed;
}
