namespace ImageGrid.Grains.References;

/// <summary>What a reference file grain persists: the file, once saved.</summary>
[GenerateSerializer, Alias("imagegrid.ReferenceFileState")]
public sealed class ReferenceFileState
{
    [Id(0)] public ReferenceFileInfo? File { get; set; }
}
