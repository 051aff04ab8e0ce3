using System.Collections.Immutable;

namespace ImageGrid.Grains;

/// <summary>The part of a task that changes over its life: one instance per version.</summary>
[GenerateSerializer, Immutable, Alias("imagegrid.TaskProgress")]
public sealed record TaskProgress
{
    [Id(0)] public long Version { get; init; }
    [Id(1)] public ImageTaskStatus Status { get; init; }
    [Id(2)] public string RivyaTaskId { get; init; } = "";
    [Id(3)] public int ReservedCredits { get; init; }
    [Id(4)] public int FinalCredits { get; init; }
    [Id(5)] public DateTimeOffset UpdatedAt { get; init; }
    [Id(6)] public ImmutableArray<GeneratedImageInfo> Images { get; init; } = [];
    [Id(7)] public TaskFailure? Error { get; init; }

    /// <summary>True when a watcher would see a difference (the version and time aside).</summary>
    public bool DiffersFrom(TaskProgress other) =>
        Status != other.Status
        || RivyaTaskId != other.RivyaTaskId
        || ReservedCredits != other.ReservedCredits
        || FinalCredits != other.FinalCredits
        || Error != other.Error
        || !Images.SequenceEqual(other.Images);
}
