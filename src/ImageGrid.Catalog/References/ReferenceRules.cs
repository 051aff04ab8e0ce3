namespace ImageGrid.Catalog;

/// <summary>The reference files a model accepts.</summary>
public sealed record ReferenceRules
{
    /// <summary>How many references one request may carry; 0 means the model takes none.</summary>
    public int MaxReferences { get; init; }

    public IReadOnlyList<ReferenceKindRule> Kinds { get; init; } = [];
}
