using ImageGrid.Catalog;
using ImageGrid.Contracts.V1;

namespace ImageGrid.Server.Grpc;

/// <summary>Maps the model catalog to the public ListModels contract.</summary>
public static class ModelCatalogMapper
{
    /// <summary>How every "characters" limit is counted (see <see cref="PromptLength"/>).</summary>
    public const string PromptLengthUnit = "unicode_scalar_values";

    public static ListModelsResponse ToProto(ModelCatalog catalog) => new()
    {
        Models = { catalog.All.Select(ToProto) },
        DefaultModel = catalog.DefaultModelId,
    };

    public static ModelInfo ToProto(ModelDefinition model) => new()
    {
        Id = model.Id,
        DisplayName = model.DisplayName,
        Inputs = { model.Inputs },
        MaxPromptCharacters = model.MaxPromptCharacters,
        PromptLengthUnit = PromptLengthUnit,
        Parameters = { model.Parameters.Select(ToProto) },
        References = new ReferenceRulesInfo
        {
            MaxReferences = model.ReferenceRules.MaxReferences,
            Kinds = { model.ReferenceRules.Kinds.Select(ToProto) },
        },
        CreditsPerImage = model.CreditsPerImage,
    };

    private static ParameterInfo ToProto(ParameterDefinition parameter) => new()
    {
        Key = parameter.Key,
        Type = parameter.Type,
        DefaultValue = parameter.Default,
        Options = { parameter.Options },
        Description = parameter.Description,
    };

    private static ReferenceKindInfo ToProto(ReferenceKindRule kind) => new()
    {
        Kind = kind.Kind,
        MaxBytes = kind.MaxBytes,
        MimeTypes = { kind.MimeTypes },
    };
}
