namespace ImageGrid.Server.References;

/// <summary>Tells an image's MIME type from its first bytes, whatever the upload declares.</summary>
public static class ImageSniffer
{
    public const string Jpeg = "image/jpeg";
    public const string Png = "image/png";
    public const string Webp = "image/webp";

    /// <summary>The types the sniffer and <see cref="ImageStructure"/> know.</summary>
    public static readonly IReadOnlyList<string> Known = [Jpeg, Png, Webp];

    private static ReadOnlySpan<byte> JpegSignature => [0xFF, 0xD8, 0xFF];

    private static ReadOnlySpan<byte> PngSignature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>image/jpeg (FF D8 FF), image/png (89 50 4E 47 0D 0A 1A 0A), image/webp (RIFF....WEBP); null for anything else.</summary>
    public static string? Detect(ReadOnlySpan<byte> content) =>
        content.StartsWith(JpegSignature) ? Jpeg
        : content.StartsWith(PngSignature) ? Png
        : content.Length >= 12 && content.StartsWith("RIFF"u8) && content.Slice(8, 4).SequenceEqual("WEBP"u8) ? Webp
        : null;

    /// <summary>A short name for messages: JPEG, PNG, WebP.</summary>
    public static string FormatName(string mimeType) => mimeType switch
    {
        Jpeg => "JPEG",
        Png => "PNG",
        Webp => "WebP",
        _ => mimeType,
    };
}
