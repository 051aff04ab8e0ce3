namespace ImageGrid.Catalog;

/// <summary>
/// A Rivya model described as data, so that a model with select parameters can be added through
/// configuration (section <c>Catalog:Models</c>) without code.
/// </summary>
public sealed record ModelDefinition
{
    /// <summary>The Rivya model id, e.g. <c>gpt-image-2</c>; compared case-sensitively.</summary>
    public string Id { get; init; } = "";

    public string DisplayName { get; init; } = "";

    /// <summary>The prompt limit, counted as <see cref="PromptLength.Count"/> counts.</summary>
    public int MaxPromptCharacters { get; init; }

    public IReadOnlyList<ParameterDefinition> Parameters { get; init; } = [];

    public ReferenceRules ReferenceRules { get; init; } = new();

    /// <summary>The fixed price Rivya charges for one generated image.</summary>
    public int CreditsPerImage { get; init; }

    /// <summary>The input types the model takes, e.g. <c>text</c> and <c>file</c>.</summary>
    public IReadOnlyList<string> Inputs { get; init; } = [];
}
