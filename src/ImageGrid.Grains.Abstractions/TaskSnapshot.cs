namespace ImageGrid.Grains;

/// <summary>A whole task at one version, as watchers and callers see it.</summary>
[GenerateSerializer, Immutable, Alias("imagegrid.TaskSnapshot")]
public sealed record TaskSnapshot
{
    [Id(0)] public required string TaskId { get; init; }
    [Id(1)] public required string AccountId { get; init; }
    [Id(2)] public required ImageRequest Request { get; init; }
    [Id(3)] public DateTimeOffset CreatedAt { get; init; }
    [Id(4)] public required TaskProgress Progress { get; init; }
    /// <summary>The status of the version before this one; Unspecified for the first.</summary>
    [Id(5)] public ImageTaskStatus PreviousStatus { get; init; }

    public long Version => Progress.Version;
    public ImageTaskStatus Status => Progress.Status;
}
