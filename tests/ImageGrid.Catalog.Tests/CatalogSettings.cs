namespace ImageGrid.Catalog.Tests;

/// <summary>Flat configuration keys, as appsettings.json or environment variables would give them.</summary>
internal static class CatalogSettings
{
    public static IEnumerable<KeyValuePair<string, string?>> Flux(int index, string id = "flux-pro-2")
    {
        var prefix = $"Catalog:Models:{index}:";
        return new Dictionary<string, string?>
        {
            [prefix + "Id"] = id,
            [prefix + "DisplayName"] = "FLUX Pro 2",
            [prefix + "MaxPromptCharacters"] = "500",
            [prefix + "CreditsPerImage"] = "7",
            [prefix + "Inputs:0"] = "text",
            [prefix + "Parameters:0:Key"] = "size",
            [prefix + "Parameters:0:Type"] = "select",
            [prefix + "Parameters:0:Default"] = "square",
            [prefix + "Parameters:0:Options:0"] = "square",
            [prefix + "Parameters:0:Options:1"] = "portrait",
            [prefix + "Parameters:0:Options:2"] = "landscape",
            [prefix + "Parameters:0:Description"] = "Frame",
            [prefix + "Parameters:1:Key"] = "style",
            [prefix + "Parameters:1:Default"] = "natural",
            [prefix + "Parameters:1:Options:0"] = "natural",
            [prefix + "Parameters:1:Options:1"] = "vivid",
            [prefix + "ReferenceRules:MaxReferences"] = "2",
            [prefix + "ReferenceRules:Kinds:0:Kind"] = "image",
            [prefix + "ReferenceRules:Kinds:0:MaxBytes"] = "5242880",
            [prefix + "ReferenceRules:Kinds:0:MimeTypes:0"] = "image/png",
        };
    }

    /// <summary>The flux model with one setting changed (or added).</summary>
    public static IEnumerable<KeyValuePair<string, string?>> FluxWith(string relativeKey, string value)
    {
        var settings = new Dictionary<string, string?>(Flux(0))
        {
            ["Catalog:Models:0:" + relativeKey] = value,
        };
        return settings;
    }
}
