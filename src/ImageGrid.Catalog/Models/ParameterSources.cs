namespace ImageGrid.Catalog;

/// <summary>
/// A parameter may come in a field of its own (<c>params.aspect_ratio</c>) or by key in <c>params.values</c>; this
/// joins the two into one set of given values. An empty value means "not given" in either place.
/// </summary>
internal static class ParameterSources
{
    public static IReadOnlyDictionary<string, string> Merge(
        IReadOnlyDictionary<string, string> fields,
        IReadOnlyDictionary<string, string> values,
        List<FieldViolation> violations)
    {
        if (values.Count == 0)
        {
            return fields;
        }

        var merged = new Dictionary<string, string>(fields, StringComparer.Ordinal);
        foreach (var (key, value) in values.OrderBy(entry => entry.Key, StringComparer.Ordinal))
        {
            if (key.Length == 0)
            {
                violations.Add(new FieldViolation(FieldPaths.ParameterValues, "has an empty key; use the parameter's key, e.g. aspect_ratio"));
                continue;
            }

            if (string.IsNullOrEmpty(value))
            {
                continue;
            }

            if (merged.TryGetValue(key, out var fieldValue) && !string.IsNullOrEmpty(fieldValue))
            {
                if (fieldValue != value)
                {
                    violations.Add(new FieldViolation(
                        FieldPaths.ParameterValue(key),
                        $"is {TextDescriptions.Quote(value)} but {FieldPaths.Parameter(key)} is {TextDescriptions.Quote(fieldValue)}; give {key} once, or the same value in both places"));
                }

                continue;
            }

            merged[key] = value;
        }

        return merged;
    }
}
