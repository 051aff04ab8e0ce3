using System.Buffers.Binary;
using System.IO.Compression;
using ImageGrid.Rivya.Simulator.Contract;

namespace ImageGrid.Rivya.Simulator.Images;

/// <summary>Writes an 8-bit RGB PNG row by row, so not even a 4K image is held in memory.</summary>
internal static class PngWriter
{
    private const byte BitDepth = 8;
    private const byte ColorTypeRgb = 2;
    private const byte FilterNone = 0;

    private static readonly byte[] Signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    public static async Task WriteAsync(Stream output, ImageSize size, GradientPainter painter, CancellationToken cancellationToken)
    {
        await output.WriteAsync(Signature, cancellationToken);
        await output.WriteAsync(PngChunk.Create("IHDR", Header(size)), cancellationToken);
        await using (var imageData = new PngChunkStream(output, "IDAT"))
        {
            await using (var compressor = new ZLibStream(imageData, CompressionLevel.Fastest, leaveOpen: true))
            {
                // Each scanline starts with its filter type byte.
                var row = new byte[1 + (3 * size.Width)];
                row[0] = FilterNone;
                for (var y = 0; y < size.Height; y++)
                {
                    painter.PaintRow(y, row.AsSpan(1));
                    await compressor.WriteAsync(row, cancellationToken);
                }
            }

            await imageData.FlushAsync(cancellationToken);
        }

        await output.WriteAsync(PngChunk.Create("IEND", []), cancellationToken);
    }

    private static byte[] Header(ImageSize size)
    {
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, size.Width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), size.Height);
        header[8] = BitDepth;
        header[9] = ColorTypeRgb;
        // Bytes 10-12 stay 0: deflate compression, adaptive filtering, no interlace.
        return header;
    }
}
