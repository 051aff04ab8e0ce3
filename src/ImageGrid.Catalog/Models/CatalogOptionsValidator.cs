using Microsoft.Extensions.Options;

namespace ImageGrid.Catalog;

/// <summary>Rejects a configured catalog that could not validate requests consistently.</summary>
public sealed class CatalogOptionsValidator : IValidateOptions<CatalogOptions>
{
    public ValidateOptionsResult Validate(string? name, CatalogOptions options)
    {
        var failures = Failures(options).ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    internal static IEnumerable<string> Failures(CatalogOptions options)
    {
        var seenIds = new HashSet<string>(StringComparer.Ordinal);
        for (var index = 0; index < options.Models.Count; index++)
        {
            var model = options.Models[index];
            var location = $"{CatalogOptions.SectionName}:Models:{index} (id \"{model.Id}\")";
            if (!string.IsNullOrWhiteSpace(model.Id) && !seenIds.Add(model.Id))
            {
                yield return $"{location}: model id is configured more than once";
            }

            foreach (var problem in ModelDefinitionChecks.Problems(model))
            {
                yield return $"{location}: {problem}";
            }
        }

        if (options.DefaultModel.Length > 0
            && !seenIds.Contains(options.DefaultModel)
            && !BuiltInModels.All.Any(model => model.Id == options.DefaultModel))
        {
            yield return $"{CatalogOptions.SectionName}:DefaultModel \"{options.DefaultModel}\" is not a known model";
        }
    }
}
