using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Webp;
using SixLabors.ImageSharp.PixelFormats;

namespace ImageGrid.Server.Tests.Infrastructure;

/// <summary>Small, valid images made with ImageSharp, and a PNG padded to an exact size.</summary>
public static class TestImages
{
    private const int ChunkOverhead = 12;

    public static byte[] Png(int width = 48, int height = 32) => Encode(new PngEncoder(), width, height);

    public static byte[] Jpeg(int width = 48, int height = 32) => Encode(new JpegEncoder { Quality = 90 }, width, height);

    public static byte[] Webp(int width = 48, int height = 32) => Encode(new WebpEncoder { FileFormat = WebpFileFormatType.Lossy }, width, height);

    public static byte[] Gif(int width = 48, int height = 32) => Encode(new GifEncoder(), width, height);

    /// <summary>The image of the given MIME type (image/png, image/jpeg, image/webp).</summary>
    public static byte[] Of(string mimeType) => mimeType switch
    {
        "image/png" => Png(),
        "image/jpeg" => Jpeg(),
        "image/webp" => Webp(),
        _ => throw new ArgumentOutOfRangeException(nameof(mimeType), mimeType, null),
    };

    /// <summary>
    /// A valid PNG of exactly <paramref name="length"/> bytes: a small image whose IEND is preceded by a private
    /// ancillary chunk (<c>igPd</c>) that decoders skip, filled with zeros to make up the length.
    /// </summary>
    public static byte[] PngOfLength(int length)
    {
        var png = Png();
        var iendStart = png.Length - ChunkOverhead;
        Assert.Equal("IEND"u8.ToArray(), png[(iendStart + 4)..(iendStart + 8)]);
        var paddingLength = length - png.Length - ChunkOverhead;
        Assert.True(paddingLength >= 0, $"a padded PNG is at least {png.Length + ChunkOverhead} bytes");

        var result = new byte[length];
        png.AsSpan(0, iendStart).CopyTo(result);
        var chunk = result.AsSpan(iendStart, ChunkOverhead + paddingLength);
        BinaryPrimitives.WriteInt32BigEndian(chunk, paddingLength);
        Encoding.ASCII.GetBytes("igPd", chunk.Slice(4, 4));
        BinaryPrimitives.WriteUInt32BigEndian(chunk[^4..], Crc32.HashToUInt32(chunk[4..^4]));
        png.AsSpan(iendStart).CopyTo(result.AsSpan(length - ChunkOverhead));
        return result;
    }

    /// <summary>
    /// A structurally whole greyscale PNG whose header claims <paramref name="width"/> × <paramref name="height"/>
    /// pixels but whose data holds none: what a decompression bomb looks like before it is inflated.
    /// </summary>
    public static byte[] PngClaiming(int width, int height)
    {
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8; // bit depth; colour type 0 (grey), deflate, no filter, no interlace
        return [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, .. Chunk("IHDR", header), .. Chunk("IDAT", [0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]), .. Chunk("IEND", [])];
    }

    private static byte[] Chunk(string type, byte[] data)
    {
        var chunk = new byte[ChunkOverhead + data.Length];
        BinaryPrimitives.WriteInt32BigEndian(chunk, data.Length);
        Encoding.ASCII.GetBytes(type, chunk.AsSpan(4, 4));
        data.CopyTo(chunk.AsSpan(8));
        BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(chunk.Length - 4), Crc32.HashToUInt32(chunk.AsSpan(4, 4 + data.Length)));
        return chunk;
    }

    private static byte[] Encode(IImageEncoder encoder, int width, int height)
    {
        using var image = new Image<Rgba32>(width, height);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                image[x, y] = new Rgba32((byte)(x * 5), (byte)(y * 7), (byte)((x + y) * 3), 255);
            }
        }

        using var output = new MemoryStream();
        image.Save(output, encoder);
        return output.ToArray();
    }
}
