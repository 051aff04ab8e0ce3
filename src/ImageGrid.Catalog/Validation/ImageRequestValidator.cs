using System.Collections.Immutable;
using ImageGrid.Grains;

namespace ImageGrid.Catalog;

/// <summary>
/// Turns a raw create request into a normalized <see cref="ImageRequest"/>, or lists every offending
/// field. Pure: no I/O, no state beyond the catalog and the reference host policy.
/// </summary>
public sealed class ImageRequestValidator(ModelCatalog catalog, IReferenceHostPolicy referenceHosts)
{
    /// <summary>Longest accepted reference name, in Unicode scalar values.</summary>
    public const int MaxReferenceNameCharacters = ReferenceValidation.MaxNameCharacters;

    /// <summary>Longest accepted client request id, in Unicode scalar values.</summary>
    public const int MaxClientRequestIdCharacters = ClientRequestIdValidation.MaxCharacters;

    public ValidationResult Validate(ImageRequestInput input)
    {
        var violations = new List<FieldViolation>();
        var modelId = string.IsNullOrEmpty(input.Model) ? catalog.DefaultModelId : input.Model;
        if (!catalog.TryGet(modelId, out var model))
        {
            // Keep going without a model so the caller also learns about the model-independent problems.
            violations.Add(new FieldViolation(FieldPaths.Model, UnknownModel(modelId)));
        }

        PromptValidation.Check(input.Prompt, model, violations);
        var given = ParameterSources.Merge(input.Parameters, input.ParameterValues, violations);
        var parameters = model is null
            ? ImmutableSortedDictionary<string, string>.Empty
            : ParameterValidation.Normalize(model, given, violations);
        var references = ReferenceValidation.Normalize(model, input.References, new ReferenceHostRules(referenceHosts, input.OwnReferenceUrls), violations);
        ClientRequestIdValidation.Check(input.ClientRequestId, violations);

        if (model is null || violations.Count > 0)
        {
            return ValidationResult.Invalid(violations);
        }

        var request = new ImageRequest
        {
            Model = model.Id,
            Prompt = input.Prompt,
            Parameters = parameters,
            References = references,
            ClientRequestId = input.ClientRequestId,
        };
        return ValidationResult.Valid(request, model);
    }

    private string UnknownModel(string modelId) =>
        $"unknown model {TextDescriptions.Quote(modelId)}; known models: {string.Join(", ", catalog.All.Select(model => model.Id))}";
}
