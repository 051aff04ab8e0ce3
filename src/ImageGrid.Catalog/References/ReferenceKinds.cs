namespace ImageGrid.Catalog;

/// <summary>Reference kinds known to Rivya's Files API.</summary>
public static class ReferenceKinds
{
    /// <summary>The kind a reference gets when the caller leaves it empty.</summary>
    public const string Image = "image";
}
