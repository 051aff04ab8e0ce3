using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;

namespace ImageGrid.Cli.Tests.Infrastructure;

/// <summary>Small valid images written to disk for --ref, and a check of the images the tool saved.</summary>
public static class TestImages
{
    public static string WritePng(string folder, string fileName, int width = 48, int height = 32)
    {
        using var image = new Image<Rgba32>(width, height);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                image[x, y] = new Rgba32((byte)(x * 5), (byte)(y * 7), (byte)((x + y) * 3), 255);
            }
        }

        var path = Path.Combine(folder, fileName);
        image.Save(path, new PngEncoder());
        return path;
    }

    public static (int Width, int Height, string Format) Describe(string path)
    {
        var info = Image.Identify(path, out var format);
        return (info.Width, info.Height, format?.Name ?? "");
    }
}
