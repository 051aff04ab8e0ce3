namespace ImageGrid.Catalog;

/// <summary>Parameter keys the public API exposes as named fields of <c>ImageParams</c>.</summary>
public static class ParameterKeys
{
    public const string AspectRatio = "aspect_ratio";
    public const string Resolution = "resolution";
}
