using System.Collections.Immutable;
using ImageGrid.Grains;

namespace ImageGrid.Catalog;

internal static class ReferenceValidation
{
    public const int MaxNameCharacters = 255;

    /// <param name="model">Null when the model is unknown: only the model-independent rules apply.</param>
    /// <param name="hosts">Where reference URLs may point.</param>
    public static ImmutableArray<ReferenceItem> Normalize(
        ModelDefinition? model,
        IReadOnlyList<ReferenceInput> given,
        ReferenceHostRules hosts,
        List<FieldViolation> violations)
    {
        if (model is not null && given.Count > model.ReferenceRules.MaxReferences)
        {
            violations.Add(new FieldViolation(FieldPaths.References, TooMany(model, given.Count)));
        }

        var normalized = ImmutableArray.CreateBuilder<ReferenceItem>(given.Count);
        for (var index = 0; index < given.Count; index++)
        {
            normalized.Add(NormalizeOne(model, index, given[index], hosts, violations));
        }

        return normalized.MoveToImmutable();
    }

    private static ReferenceItem NormalizeOne(ModelDefinition? model, int index, ReferenceInput reference, ReferenceHostRules hosts, List<FieldViolation> violations)
    {
        if (ReferenceUrlValidation.Problem(reference.Url, hosts) is { } urlProblem)
        {
            violations.Add(new FieldViolation(FieldPaths.Reference(index, "url"), urlProblem));
        }

        var nameLength = PromptLength.Count(reference.Name);
        if (nameLength > MaxNameCharacters)
        {
            violations.Add(new FieldViolation(FieldPaths.Reference(index, "name"), TextDescriptions.TooLong(MaxNameCharacters, nameLength)));
        }

        var kind = string.IsNullOrEmpty(reference.Kind) ? ReferenceKinds.Image : reference.Kind;
        var mimeType = reference.MimeType;

        // A model without kinds takes no references at all; the count violation already says so.
        if (model is not null && model.ReferenceRules.Kinds.Count > 0)
        {
            var kindRule = model.ReferenceRules.Kinds.FirstOrDefault(rule => rule.Kind == kind);
            if (kindRule is null)
            {
                violations.Add(new FieldViolation(
                    FieldPaths.Reference(index, "kind"),
                    TextDescriptions.OneOf(model.ReferenceRules.Kinds.Select(rule => rule.Kind), kind)));
            }
            else
            {
                mimeType = CheckMimeType(kindRule, index, mimeType, violations);
            }
        }

        return new ReferenceItem { Url = reference.Url, Kind = kind, Name = reference.Name, MimeType = mimeType };
    }

    /// <returns>The MIME type in the catalog's spelling when it is allowed.</returns>
    private static string CheckMimeType(ReferenceKindRule kindRule, int index, string mimeType, List<FieldViolation> violations)
    {
        // MIME types are case-insensitive (RFC 2045), unlike the select options.
        var allowed = kindRule.MimeTypes.FirstOrDefault(candidate => string.Equals(candidate, mimeType, StringComparison.OrdinalIgnoreCase));
        if (allowed is not null)
        {
            return allowed;
        }

        var field = FieldPaths.Reference(index, "mime_type");
        var description = string.IsNullOrEmpty(mimeType)
            ? $"is required; one of {string.Join(", ", kindRule.MimeTypes)} for kind {kindRule.Kind}"
            : $"must be one of {string.Join(", ", kindRule.MimeTypes)} for kind {kindRule.Kind} (got \"{mimeType}\")";
        violations.Add(new FieldViolation(field, description));
        return mimeType;
    }

    private static string TooMany(ModelDefinition model, int count) =>
        model.ReferenceRules.MaxReferences == 0
            ? $"model {model.Id} takes no references; got {count}"
            : $"at most {model.ReferenceRules.MaxReferences} references; got {count}";
}
