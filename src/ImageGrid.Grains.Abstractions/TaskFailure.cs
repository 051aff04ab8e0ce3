namespace ImageGrid.Grains;

/// <summary>Why a task failed: Rivya's error code (e.g. validation_failed) or one of ImageGrid's own.</summary>
[GenerateSerializer, Immutable, Alias("imagegrid.TaskFailure")]
public sealed record TaskFailure
{
    [Id(0)] public required string Code { get; init; }
    [Id(1)] public required string Message { get; init; }
}

/// <summary>The failure codes ImageGrid gives a task itself (every other code is Rivya's).</summary>
public static class TaskFailureCodes
{
    /// <summary>The task was still unfinished at <c>Polling:MaxTaskAge</c>: ImageGrid stopped polling and released its credits.</summary>
    public const string DeadlineExceeded = "deadline_exceeded";
}
