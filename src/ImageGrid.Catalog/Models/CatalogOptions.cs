namespace ImageGrid.Catalog;

/// <summary>Configuration section <c>Catalog</c>: models added to, or replacing, the built-in ones.</summary>
public sealed class CatalogOptions
{
    public const string SectionName = "Catalog";

    /// <summary>Extra models; one with a built-in model's id replaces that model.</summary>
    public List<ModelDefinition> Models { get; set; } = [];

    /// <summary>The model used when a request names none; <c>gpt-image-2</c> when empty.</summary>
    public string DefaultModel { get; set; } = "";
}
