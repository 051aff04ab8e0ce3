using System.Globalization;

namespace ImageGrid.Catalog;

/// <summary>
/// The pixel size Rivya is assumed to produce (docs/rivya-contract.md, B7): the resolution names the long
/// side, the aspect ratio gives the short side (rounded), and <c>auto</c> is sized as 1:1.
/// </summary>
public static class OutputSize
{
    private static readonly Dictionary<string, int> LongSideByResolution = new(StringComparer.Ordinal)
    {
        ["1K"] = 1024,
        ["2K"] = 2048,
        ["4K"] = 4096,
    };

    /// <exception cref="ArgumentException">The aspect ratio is not <c>auto</c> or <c>W:H</c>, or the resolution is unknown.</exception>
    public static (int Width, int Height) For(string aspectRatio, string resolution)
    {
        if (!LongSideByResolution.TryGetValue(resolution, out var longSide))
        {
            throw new ArgumentException($"unknown resolution \"{resolution}\"", nameof(resolution));
        }

        var (ratioWidth, ratioHeight) = ParseRatio(aspectRatio);
        if (ratioWidth >= ratioHeight)
        {
            return (longSide, ShortSide(longSide, ratioHeight, ratioWidth));
        }

        return (ShortSide(longSide, ratioWidth, ratioHeight), longSide);
    }

    private static int ShortSide(int longSide, int shortRatio, int longRatio) =>
        (int)Math.Round((double)longSide * shortRatio / longRatio, MidpointRounding.AwayFromZero);

    private static (int Width, int Height) ParseRatio(string aspectRatio)
    {
        if (aspectRatio == "auto")
        {
            return (1, 1);
        }

        var parts = aspectRatio.Split(':');
        if (parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var width)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var height)
            && width > 0
            && height > 0)
        {
            return (width, height);
        }

        throw new ArgumentException($"aspect ratio \"{aspectRatio}\" is neither auto nor W:H", nameof(aspectRatio));
    }
}
