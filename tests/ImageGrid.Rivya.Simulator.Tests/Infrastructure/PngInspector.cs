using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;
using System.Text;

namespace ImageGrid.Rivya.Simulator.Tests.Infrastructure;

/// <summary>What a PNG file turned out to hold, after every chunk's CRC and the image data were checked.</summary>
public sealed record PngFacts(int Width, int Height, int BitDepth, int ColorType, long DecompressedLength, IReadOnlyList<string> ChunkTypes);

/// <summary>Reads a PNG independently of the simulator's writer: signature, chunk CRCs, IHDR, and the inflated IDAT stream.</summary>
public static class PngInspector
{
    private static readonly byte[] Signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    public static PngFacts Inspect(byte[] png)
    {
        Assert.True(png.AsSpan().StartsWith(Signature), "PNG signature missing.");
        var chunkTypes = new List<string>();
        var imageData = new MemoryStream();
        byte[]? header = null;
        var offset = Signature.Length;
        while (offset < png.Length)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(offset));
            var typeAndData = png.AsSpan(offset + 4, 4 + length);
            var type = Encoding.ASCII.GetString(typeAndData[..4]);
            var data = typeAndData[4..];
            var crc = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(offset + 8 + length));
            Assert.True(Crc32.HashToUInt32(typeAndData) == crc, $"Bad CRC in chunk {chunkTypes.Count} ({type}).");
            chunkTypes.Add(type);
            if (type == "IHDR")
            {
                header = data.ToArray();
            }
            else if (type == "IDAT")
            {
                imageData.Write(data);
            }

            offset += 12 + length;
        }

        Assert.Equal(png.Length, offset);
        Assert.Equal("IHDR", chunkTypes[0]);
        Assert.Equal("IEND", chunkTypes[^1]);
        Assert.NotNull(header);
        imageData.Position = 0;
        return new PngFacts(
            BinaryPrimitives.ReadInt32BigEndian(header),
            BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(4)),
            header[8],
            header[9],
            InflatedLength(imageData),
            chunkTypes);
    }

    private static long InflatedLength(Stream compressed)
    {
        using var inflater = new ZLibStream(compressed, CompressionMode.Decompress);
        var buffer = new byte[1 << 16];
        long total = 0;
        int read;
        while ((read = inflater.Read(buffer)) > 0)
        {
            total += read;
        }

        return total;
    }
}
