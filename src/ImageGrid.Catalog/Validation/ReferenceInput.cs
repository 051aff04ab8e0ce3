namespace ImageGrid.Catalog;

/// <summary>A reference image as the caller gave it; empty strings mean "not given".</summary>
public sealed record ReferenceInput(string Url, string Kind, string Name, string MimeType);
