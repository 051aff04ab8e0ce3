namespace ImageGrid.Grains.References;

/// <summary>What a reference URL grain persists: the grant, once made.</summary>
[GenerateSerializer, Alias("imagegrid.ReferenceUrlState")]
public sealed class ReferenceUrlState
{
    [Id(0)] public ReferenceUrlGrant? Grant { get; set; }
}
