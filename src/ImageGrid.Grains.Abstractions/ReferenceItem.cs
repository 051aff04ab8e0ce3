namespace ImageGrid.Grains;

/// <summary>A reference file passed to the model, as Rivya's Files API returned it.</summary>
[GenerateSerializer, Immutable, Alias("imagegrid.ReferenceItem")]
public sealed record ReferenceItem
{
    [Id(0)] public required string Url { get; init; }
    [Id(1)] public required string Kind { get; init; }
    [Id(2)] public required string Name { get; init; }
    [Id(3)] public required string MimeType { get; init; }
    [Id(4)] public string? DurationToken { get; init; }
}
