namespace ImageGrid.Rivya.Simulator.Files;

/// <summary>
/// Tells an image's MIME type from its first bytes, whatever the upload claims. Deliberately apart from ImageGrid's own
/// (src/ImageGrid.Server/References/ImageSniffer.cs): the simulator stands in for Rivya and shares no code with ImageGrid.
/// </summary>
internal static class ImageSniffer
{
    private static ReadOnlySpan<byte> Jpeg => [0xFF, 0xD8, 0xFF];

    private static ReadOnlySpan<byte> Png => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private static ReadOnlySpan<byte> Riff => "RIFF"u8;

    private static ReadOnlySpan<byte> Webp => "WEBP"u8;

    /// <summary>image/jpeg, image/png or image/webp; null for anything else.</summary>
    public static string? Detect(ReadOnlySpan<byte> content) =>
        content.StartsWith(Jpeg) ? "image/jpeg"
        : content.StartsWith(Png) ? "image/png"
        : content.Length >= 12 && content.StartsWith(Riff) && content.Slice(8, 4).SequenceEqual(Webp) ? "image/webp"
        : null;
}
