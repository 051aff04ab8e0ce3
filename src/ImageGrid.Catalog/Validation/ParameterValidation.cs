using System.Collections.Immutable;

namespace ImageGrid.Catalog;

internal static class ParameterValidation
{
    /// <summary>Checks the given values against the model and returns every model parameter, defaulted where empty.</summary>
    public static ImmutableSortedDictionary<string, string> Normalize(
        ModelDefinition model,
        IReadOnlyDictionary<string, string> given,
        List<FieldViolation> violations)
    {
        var normalized = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var parameter in model.Parameters)
        {
            var value = given.GetValueOrDefault(parameter.Key);
            if (string.IsNullOrEmpty(value))
            {
                value = parameter.Default;
            }
            else if (!parameter.Options.Contains(value, StringComparer.Ordinal))
            {
                violations.Add(new FieldViolation(FieldPaths.Parameter(parameter.Key), TextDescriptions.OneOf(parameter.Options, value)));
            }

            normalized[parameter.Key] = value;
        }

        // An empty value means "not given", so an edge that always passes every field it knows
        // does not trip models that lack one of them.
        var unknownKeys = given
            .Where(entry => !string.IsNullOrEmpty(entry.Value) && !normalized.ContainsKey(entry.Key))
            .Select(entry => entry.Key)
            .Order(StringComparer.Ordinal);
        foreach (var key in unknownKeys)
        {
            violations.Add(new FieldViolation(FieldPaths.Parameter(key), UnknownParameter(model, key)));
        }

        return normalized.ToImmutable();
    }

    private static string UnknownParameter(ModelDefinition model, string key) =>
        model.Parameters.Count == 0
            ? $"unknown parameter {TextDescriptions.Quote(key)}; model {model.Id} takes no parameters"
            : $"unknown parameter {TextDescriptions.Quote(key)} for model {model.Id}; known parameters: {string.Join(", ", model.Parameters.Select(parameter => parameter.Key))}";
}
