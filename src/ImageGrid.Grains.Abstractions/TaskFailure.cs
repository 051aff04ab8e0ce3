namespace ImageGrid.Grains;

/// <summary>Why a task failed: Rivya's error code (e.g. validation_failed) or one of ImageGrid's own.</summary>
[GenerateSerializer, Immutable, Alias("imagegrid.TaskFailure")]
public sealed record TaskFailure
{
    [Id(0)] public required string Code { get; init; }
    [Id(1)] public required string Message { get; init; }
}
