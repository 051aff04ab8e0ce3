namespace ImageGrid.Catalog;

/// <summary>What a model accepts for one kind of reference file.</summary>
public sealed record ReferenceKindRule
{
    /// <summary>The reference kind, e.g. <c>image</c>.</summary>
    public string Kind { get; init; } = "";

    /// <summary>The largest accepted file, in bytes.</summary>
    public long MaxBytes { get; init; }

    /// <summary>The accepted MIME types, e.g. <c>image/png</c>.</summary>
    public IReadOnlyList<string> MimeTypes { get; init; } = [];
}
