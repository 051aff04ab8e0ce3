namespace ImageGrid.Server.References;

/// <summary>An upload's metadata once checked, with the catalog's rules for its kind.</summary>
/// <param name="MimeType">The declared type in the catalog's spelling.</param>
/// <param name="DeclaredSize">The announced size; 0 when unknown.</param>
/// <param name="MaxBytes">The kind's size limit.</param>
/// <param name="MimeTypes">The types the kind accepts.</param>
public sealed record UploadTarget(string FileName, string MimeType, string Kind, long DeclaredSize, long MaxBytes, IReadOnlyList<string> MimeTypes);
