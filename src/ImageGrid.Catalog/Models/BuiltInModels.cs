namespace ImageGrid.Catalog;

/// <summary>The models ImageGrid knows without configuration, as Rivya's model pages give them.</summary>
public static class BuiltInModels
{
    public const string GptImage2Id = "gpt-image-2";

    public static ModelDefinition GptImage2 { get; } = new()
    {
        Id = GptImage2Id,
        DisplayName = "GPT Image 2",
        MaxPromptCharacters = 20000,
        Parameters =
        [
            new ParameterDefinition
            {
                Key = ParameterKeys.AspectRatio,
                Type = ParameterTypes.Select,
                Default = "1:1",
                Options = ["auto", "1:1", "9:16", "16:9", "4:3", "3:4"],
                Description = "Aspect ratio",
            },
            new ParameterDefinition
            {
                Key = ParameterKeys.Resolution,
                Type = ParameterTypes.Select,
                Default = "1K",
                Options = ["1K", "2K", "4K"],
                Description = "Resolution",
            },
        ],
        ReferenceRules = new ReferenceRules
        {
            MaxReferences = 16,
            Kinds =
            [
                new ReferenceKindRule
                {
                    Kind = ReferenceKinds.Image,
                    MaxBytes = 10 * 1024 * 1024,
                    MimeTypes = ["image/jpeg", "image/png", "image/webp"],
                },
            ],
        },
        CreditsPerImage = 3,
        Inputs = ["text", "file"],
    };

    public static IReadOnlyList<ModelDefinition> All { get; } = [GptImage2];
}
