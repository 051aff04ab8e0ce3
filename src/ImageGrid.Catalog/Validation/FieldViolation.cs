namespace ImageGrid.Catalog;

/// <summary>One invalid field, named by its public proto path (e.g. <c>params.references[3].url</c>).</summary>
public sealed record FieldViolation(string Field, string Description);
