namespace ImageGrid.Rivya.Simulator.Contract;

/// <summary>Pixel size of a generated image.</summary>
internal readonly record struct ImageSize(int Width, int Height)
{
    /// <summary>
    /// Assumption B7: the resolution names the long side (1K = 1024, 2K = 2048, 4K = 4096 px), the aspect ratio sets the short
    /// side (rounded to the nearest pixel), and "auto" is sized as 1:1.
    /// </summary>
    public static ImageSize For(string aspectRatio, string resolution)
    {
        var longSide = resolution switch
        {
            "1K" => 1024,
            "2K" => 2048,
            "4K" => 4096,
            _ => throw new ArgumentOutOfRangeException(nameof(resolution), resolution, "Unknown resolution."),
        };
        var (across, down) = aspectRatio switch
        {
            "auto" or "1:1" => (1, 1),
            "16:9" => (16, 9),
            "9:16" => (9, 16),
            "4:3" => (4, 3),
            "3:4" => (3, 4),
            _ => throw new ArgumentOutOfRangeException(nameof(aspectRatio), aspectRatio, "Unknown aspect ratio."),
        };
        return across >= down
            ? new ImageSize(longSide, ShortSide(longSide, down, across))
            : new ImageSize(ShortSide(longSide, across, down), longSide);
    }

    private static int ShortSide(int longSide, int shortPart, int longPart) =>
        (int)Math.Round(longSide * (double)shortPart / longPart, MidpointRounding.AwayFromZero);
}
