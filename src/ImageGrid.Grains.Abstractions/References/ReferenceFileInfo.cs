namespace ImageGrid.Grains.References;

/// <summary>An uploaded reference file as Rivya's Files API stored it, and the account it belongs to.</summary>
[GenerateSerializer, Immutable, Alias("imagegrid.ReferenceFileInfo")]
public sealed record ReferenceFileInfo
{
    [Id(0)] public required string AccountId { get; init; }
    [Id(1)] public required string Url { get; init; }
    [Id(2)] public required string Name { get; init; }
    [Id(3)] public required string MimeType { get; init; }
    [Id(4)] public required string Kind { get; init; }
    [Id(5)] public long Size { get; init; }
    /// <summary>Rivya's duration token for timed media; null for images.</summary>
    [Id(6)] public string? DurationToken { get; init; }
    [Id(7)] public DateTimeOffset CreatedAt { get; init; }
}
