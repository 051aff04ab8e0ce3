namespace ImageGrid.Catalog;

/// <summary>The parameter types a <see cref="ParameterDefinition"/> may declare.</summary>
public static class ParameterTypes
{
    /// <summary>One value out of a fixed list of options.</summary>
    public const string Select = "select";
}
