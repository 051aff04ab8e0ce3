using System.IO.Hashing;
using System.Text;
using ImageGrid.Rivya.Simulator.Contract;

namespace ImageGrid.Rivya.Simulator.Images;

/// <summary>A cheap RGB gradient whose colours are seeded by the task id, so each task's image differs.</summary>
internal sealed class GradientPainter(string taskId, ImageSize size)
{
    private readonly uint seed = XxHash32.HashToUInt32(Encoding.UTF8.GetBytes(taskId));

    /// <summary>Paints row <paramref name="y"/> as width × (R, G, B) bytes.</summary>
    public void PaintRow(int y, Span<byte> rgb)
    {
        var red = (byte)seed;
        var green = (byte)((seed >> 8) + (y * 255 / Math.Max(1, size.Height - 1)));
        var blue = (byte)(seed >> 16);
        var widthSpan = Math.Max(1, size.Width - 1);
        for (var x = 0; x < size.Width; x++)
        {
            var pixel = rgb.Slice(x * 3, 3);
            pixel[0] = (byte)(red + (x * 255 / widthSpan));
            pixel[1] = green;
            pixel[2] = (byte)(blue + ((x + y) >> 3));
        }
    }
}
