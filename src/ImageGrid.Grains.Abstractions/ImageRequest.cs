using System.Collections.Immutable;

namespace ImageGrid.Grains;

/// <summary>What the caller asked for, after validation and with the model's defaults applied.</summary>
[GenerateSerializer, Immutable, Alias("imagegrid.ImageRequest")]
public sealed record ImageRequest
{
    [Id(0)] public required string Model { get; init; }
    [Id(1)] public required string Prompt { get; init; }
    /// <summary>The model's select parameters by key (e.g. aspect_ratio, resolution).</summary>
    [Id(2)] public ImmutableSortedDictionary<string, string> Parameters { get; init; } = ImmutableSortedDictionary<string, string>.Empty;
    [Id(3)] public ImmutableArray<ReferenceItem> References { get; init; } = [];
    [Id(4)] public string ClientRequestId { get; init; } = "";

    public string? GetParameter(string key) => Parameters.GetValueOrDefault(key);
}
