using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Options;

namespace ImageGrid.Catalog;

/// <summary>The models ImageGrid accepts: the built-in ones, with configured models added or replacing them.</summary>
public sealed class ModelCatalog
{
    private readonly Dictionary<string, ModelDefinition> _byId;

    /// <summary>A catalog of the built-in models only.</summary>
    public ModelCatalog()
        : this(new CatalogOptions())
    {
    }

    /// <exception cref="OptionsValidationException">The options fail <see cref="CatalogOptionsValidator"/>.</exception>
    public ModelCatalog(CatalogOptions options)
    {
        var failures = CatalogOptionsValidator.Failures(options).ToList();
        if (failures.Count > 0)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(CatalogOptions), failures);
        }

        var builtInIds = BuiltInModels.All.Select(model => model.Id).ToHashSet(StringComparer.Ordinal);
        All =
        [
            .. BuiltInModels.All.Select(builtIn => options.Models.FirstOrDefault(model => model.Id == builtIn.Id) ?? builtIn),
            .. options.Models.Where(model => !builtInIds.Contains(model.Id)),
        ];
        _byId = All.ToDictionary(model => model.Id, StringComparer.Ordinal);
        DefaultModelId = options.DefaultModel.Length > 0 ? options.DefaultModel : BuiltInModels.GptImage2Id;
    }

    /// <summary>Built-in models first (as replaced by configuration), then added models in configuration order.</summary>
    public IReadOnlyList<ModelDefinition> All { get; }

    /// <summary>The model a request gets when it names none.</summary>
    public string DefaultModelId { get; }

    /// <summary>Looks a model up by its exact (case-sensitive) id.</summary>
    public bool TryGet(string id, [MaybeNullWhen(false)] out ModelDefinition model) => _byId.TryGetValue(id, out model);
}
