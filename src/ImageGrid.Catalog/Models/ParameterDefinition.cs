namespace ImageGrid.Catalog;

/// <summary>One model-specific control sent to Rivya inside <c>params</c>.</summary>
public sealed record ParameterDefinition
{
    /// <summary>The key in <c>params</c>, e.g. <c>aspect_ratio</c>.</summary>
    public string Key { get; init; } = "";

    /// <summary>Only <see cref="ParameterTypes.Select"/> is supported.</summary>
    public string Type { get; init; } = ParameterTypes.Select;

    /// <summary>The value used when the caller leaves the parameter empty; one of <see cref="Options"/>.</summary>
    public string Default { get; init; } = "";

    /// <summary>The accepted values, compared case-sensitively.</summary>
    public IReadOnlyList<string> Options { get; init; } = [];

    public string Description { get; init; } = "";
}
