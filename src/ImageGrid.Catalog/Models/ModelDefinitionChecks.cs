namespace ImageGrid.Catalog;

/// <summary>Consistency checks for one model definition, phrased for whoever wrote the configuration.</summary>
internal static class ModelDefinitionChecks
{
    // The references travel under params.references in the public API, so no parameter may take that key.
    private const string ReservedParameterKey = "references";

    public static IEnumerable<string> Problems(ModelDefinition model)
    {
        if (string.IsNullOrWhiteSpace(model.Id))
        {
            yield return "Id is required";
        }

        if (model.MaxPromptCharacters <= 0)
        {
            yield return $"MaxPromptCharacters must be positive; got {model.MaxPromptCharacters}";
        }

        if (model.CreditsPerImage <= 0)
        {
            yield return $"CreditsPerImage must be positive; got {model.CreditsPerImage}";
        }

        foreach (var problem in ParameterProblems(model.Parameters))
        {
            yield return problem;
        }

        foreach (var problem in ReferenceProblems(model.ReferenceRules))
        {
            yield return problem;
        }
    }

    private static IEnumerable<string> ParameterProblems(IReadOnlyList<ParameterDefinition> parameters)
    {
        var seenKeys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var parameter in parameters)
        {
            if (string.IsNullOrWhiteSpace(parameter.Key))
            {
                yield return "a parameter has no Key";
                continue;
            }

            var name = $"parameter \"{parameter.Key}\"";
            if (!seenKeys.Add(parameter.Key))
            {
                yield return $"{name} is defined more than once";
            }

            if (parameter.Key == ReservedParameterKey)
            {
                yield return $"{name} uses a reserved key";
            }

            if (parameter.Type != ParameterTypes.Select)
            {
                yield return $"{name} has Type \"{parameter.Type}\"; only \"{ParameterTypes.Select}\" is supported";
            }

            if (parameter.Options.Count == 0)
            {
                yield return $"{name} has no Options";
            }

            foreach (var duplicate in Duplicates(parameter.Options))
            {
                yield return $"{name} lists option \"{duplicate}\" more than once";
            }

            if (!parameter.Options.Contains(parameter.Default, StringComparer.Ordinal))
            {
                yield return $"{name} has Default \"{parameter.Default}\", which is not among its Options ({string.Join(", ", parameter.Options)})";
            }
        }
    }

    private static IEnumerable<string> ReferenceProblems(ReferenceRules rules)
    {
        if (rules.MaxReferences < 0)
        {
            yield return $"ReferenceRules.MaxReferences must not be negative; got {rules.MaxReferences}";
        }

        if (rules.MaxReferences > 0 && rules.Kinds.Count == 0)
        {
            yield return "ReferenceRules.Kinds is empty although MaxReferences allows references";
        }

        var seenKinds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var kind in rules.Kinds)
        {
            if (string.IsNullOrWhiteSpace(kind.Kind))
            {
                yield return "a reference kind has no Kind";
                continue;
            }

            var name = $"reference kind \"{kind.Kind}\"";
            if (!seenKinds.Add(kind.Kind))
            {
                yield return $"{name} is defined more than once";
            }

            if (kind.MaxBytes <= 0)
            {
                yield return $"{name} has MaxBytes {kind.MaxBytes}; it must be positive";
            }

            if (kind.MimeTypes.Count == 0)
            {
                yield return $"{name} has no MimeTypes";
            }
        }
    }

    private static IEnumerable<string> Duplicates(IReadOnlyList<string> values) =>
        values.GroupBy(value => value, StringComparer.Ordinal)
            .Where(group => group.Count() > 1)
            .Select(group => group.Key);
}
