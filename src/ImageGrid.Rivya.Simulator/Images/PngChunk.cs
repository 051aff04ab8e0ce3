using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;

namespace ImageGrid.Rivya.Simulator.Images;

/// <summary>The PNG chunk layout: 4-byte big-endian data length, 4-byte type, data, CRC-32 of type and data.</summary>
internal static class PngChunk
{
    public const int HeaderLength = 8;
    public const int CrcLength = 4;

    /// <summary>Writes the type into the header of a chunk buffer laid out as header, data, CRC.</summary>
    public static void WriteType(Span<byte> chunk, string type) => Encoding.ASCII.GetBytes(type, chunk.Slice(4, 4));

    /// <summary>Fills in the length and CRC of a chunk buffer whose type and first <paramref name="dataLength"/> data bytes are set.</summary>
    public static ReadOnlySpan<byte> Seal(Span<byte> chunk, int dataLength)
    {
        BinaryPrimitives.WriteInt32BigEndian(chunk, dataLength);
        var crc = Crc32.HashToUInt32(chunk.Slice(4, 4 + dataLength));
        BinaryPrimitives.WriteUInt32BigEndian(chunk.Slice(HeaderLength + dataLength), crc);
        return chunk[..(HeaderLength + dataLength + CrcLength)];
    }

    public static byte[] Create(string type, ReadOnlySpan<byte> data)
    {
        var chunk = new byte[HeaderLength + data.Length + CrcLength];
        WriteType(chunk, type);
        data.CopyTo(chunk.AsSpan(HeaderLength));
        Seal(chunk, data.Length);
        return chunk;
    }
}
