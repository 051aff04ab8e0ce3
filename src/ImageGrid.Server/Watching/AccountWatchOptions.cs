using System.ComponentModel.DataAnnotations;

namespace ImageGrid.Server.Grpc;

/// <summary>Section "Watch".</summary>
public sealed class AccountWatchOptions
{
    public const string SectionName = "Watch";

    /// <summary>Updates a WatchTasks stream may fall behind by before it is ended with RESOURCE_EXHAUSTED.</summary>
    [Range(1, 1_000_000)]
    public int AccountBufferCapacity { get; set; } = 1000;
}
