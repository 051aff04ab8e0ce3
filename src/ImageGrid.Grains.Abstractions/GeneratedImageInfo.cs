namespace ImageGrid.Grains;

[GenerateSerializer, Immutable, Alias("imagegrid.GeneratedImageInfo")]
public sealed record GeneratedImageInfo
{
    [Id(0)] public required string Url { get; init; }
    [Id(1)] public int Width { get; init; }
    [Id(2)] public int Height { get; init; }
    [Id(3)] public required string MimeType { get; init; }
}
