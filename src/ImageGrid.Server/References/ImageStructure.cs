using System.Buffers.Binary;

namespace ImageGrid.Server.References;

/// <summary>
/// Walks a file's container structure to its end: a PNG's chunks to IEND, a JPEG's segments and scans to EOI, a WebP's
/// RIFF chunks to the size its header declares. ImageSharp decodes truncated files without complaint (missing pixels
/// come out gray), so a cut-off upload is caught here. Bytes after the end (e.g. after IEND) are tolerated.
/// </summary>
public static class ImageStructure
{
    private const int PngSignatureLength = 8;
    private const int PngChunkOverhead = 12;
    private const int RiffHeaderLength = 12;
    private const int RiffChunkHeaderLength = 8;

    /// <param name="mimeType">What <see cref="ImageSniffer.Detect"/> found.</param>
    /// <returns>False when the structure ends early or is malformed.</returns>
    public static bool IsComplete(ReadOnlySpan<byte> content, string mimeType) => mimeType switch
    {
        ImageSniffer.Png => IsCompletePng(content),
        ImageSniffer.Jpeg => IsCompleteJpeg(content),
        ImageSniffer.Webp => IsCompleteWebp(content),
        _ => false,
    };

    /// <summary>What a complete file of the type ends with, for messages.</summary>
    public static string EndDescription(string mimeType) => mimeType switch
    {
        ImageSniffer.Png => "the PNG's chunks do not run whole to its IEND chunk",
        ImageSniffer.Jpeg => "the JPEG's segments do not run whole to its EOI marker",
        ImageSniffer.Webp => "the WebP's chunks do not fill the size its RIFF header declares",
        _ => "the file is not complete",
    };

    private static bool IsCompletePng(ReadOnlySpan<byte> content)
    {
        var position = (long)PngSignatureLength;
        while (content.Length - position >= PngChunkOverhead)
        {
            var chunk = content[(int)position..];
            var dataLength = BinaryPrimitives.ReadUInt32BigEndian(chunk);
            if (dataLength > int.MaxValue || chunk.Length - PngChunkOverhead < dataLength)
            {
                return false;
            }

            if (chunk.Slice(4, 4).SequenceEqual("IEND"u8))
            {
                return true;
            }

            position += PngChunkOverhead + dataLength;
        }

        return false;
    }

    private static bool IsCompleteJpeg(ReadOnlySpan<byte> content)
    {
        var position = 2; // after SOI
        while (true)
        {
            if (position >= content.Length || content[position] != 0xFF)
            {
                return false;
            }

            while (position < content.Length && content[position] == 0xFF)
            {
                position++; // fill bytes before a marker
            }

            if (position >= content.Length)
            {
                return false;
            }

            var marker = content[position++];
            switch (marker)
            {
                case 0xD9: // EOI
                    return true;
                case 0x01 or (>= 0xD0 and <= 0xD7): // TEM, RSTn: no length
                    continue;
                case 0x00 or 0xD8: // a stuffed byte outside a scan, a second SOI
                    return false;
                default:
                    break;
            }

            if (content.Length - position < 2)
            {
                return false;
            }

            var segmentLength = BinaryPrimitives.ReadUInt16BigEndian(content[position..]);
            if (segmentLength < 2 || content.Length - position < segmentLength)
            {
                return false;
            }

            position += segmentLength;
            if (marker == 0xDA && !SkipEntropyCodedData(content, ref position))
            {
                return false;
            }
        }
    }

    /// <summary>Moves to the marker that ends a scan: the first FF not followed by 00 (stuffing), RSTn or FF (fill).</summary>
    private static bool SkipEntropyCodedData(ReadOnlySpan<byte> content, ref int position)
    {
        while (true)
        {
            var next = content[position..].IndexOf((byte)0xFF);
            if (next < 0)
            {
                return false;
            }

            position += next;
            if (position + 1 >= content.Length)
            {
                return false;
            }

            var following = content[position + 1];
            if (following is 0x00 or (>= 0xD0 and <= 0xD7))
            {
                position += 2;
            }
            else if (following == 0xFF)
            {
                position += 1;
            }
            else
            {
                return true;
            }
        }
    }

    private static bool IsCompleteWebp(ReadOnlySpan<byte> content)
    {
        var riffSize = BinaryPrimitives.ReadUInt32LittleEndian(content[4..]);
        var end = 8L + riffSize;
        if (riffSize < 4 || end > content.Length)
        {
            return false;
        }

        var hasImage = false;
        var position = (long)RiffHeaderLength;
        while (position < end)
        {
            if (end - position < RiffChunkHeaderLength)
            {
                return false;
            }

            var chunk = content[(int)position..(int)end];
            var dataLength = BinaryPrimitives.ReadUInt32LittleEndian(chunk[4..]);
            if (chunk.Length - RiffChunkHeaderLength < dataLength)
            {
                return false;
            }

            var type = chunk[..4];
            hasImage |= type.SequenceEqual("VP8 "u8) || type.SequenceEqual("VP8L"u8) || type.SequenceEqual("ANMF"u8);
            // Chunks are padded to an even length; a missing pad after the last one is tolerated.
            position += RiffChunkHeaderLength + dataLength + (dataLength & 1);
        }

        return hasImage;
    }
}
