namespace ImageGrid.Cli.References;

/// <summary>
/// The MIME type to declare for a reference file: from its first bytes (what the server checks the declared type
/// against), else from its extension; null when neither says PNG, JPEG or WebP.
/// </summary>
public static class ImageFileTypes
{
    public const string Png = "image/png";
    public const string Jpeg = "image/jpeg";
    public const string Webp = "image/webp";

    public static string? Detect(ReadOnlySpan<byte> head, string fileName)
    {
        if (head.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return Png;
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            return Jpeg;
        }

        if (head.Length >= 12 && head[..4].SequenceEqual("RIFF"u8) && head[8..12].SequenceEqual("WEBP"u8))
        {
            return Webp;
        }

        return Path.GetExtension(fileName).ToLowerInvariant() switch
        {
            ".png" => Png,
            ".jpg" or ".jpeg" => Jpeg,
            ".webp" => Webp,
            _ => null,
        };
    }

    /// <summary>The extension a saved image gets, from its MIME type, else from its URL.</summary>
    public static string ExtensionFor(string mimeType, Uri url) => mimeType switch
    {
        Png => ".png",
        Jpeg => ".jpg",
        Webp => ".webp",
        _ => Path.GetExtension(url.AbsolutePath) is { Length: > 1 } extension ? extension : ".img",
    };
}
