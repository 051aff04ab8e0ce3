namespace ImageGrid.Server.References;

/// <summary>Field paths of an UploadReference stream, as they appear in google.rpc.BadRequest.</summary>
public static class UploadFields
{
    public const string Metadata = "metadata";
    public const string FileName = "metadata.file_name";
    public const string MimeType = "metadata.mime_type";
    public const string Kind = "metadata.kind";
    public const string TotalSize = "metadata.total_size";
    public const string Model = "metadata.model";

    /// <summary>The file's bytes: size and content problems.</summary>
    public const string Chunk = "chunk";
}
