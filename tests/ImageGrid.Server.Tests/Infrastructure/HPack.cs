using System.Text;

namespace ImageGrid.Server.Tests.Infrastructure;

/// <summary>
/// Just enough HPACK (RFC 7541) to send what the .NET client never does (Huffman-coded values, literals the server
/// indexes) and to read the answer. Decoding expects a peer told SETTINGS_HEADER_TABLE_SIZE = 0 and no Huffman coding
/// from it (Kestrel's encoder does not use it).
/// </summary>
public static class HPack
{
    public sealed record Header(string Name, string Value, bool Huffman = false);

    // RFC 7541 Appendix A, index 1 first.
    private static readonly (string Name, string Value)[] StaticTable =
    [
        (":authority", ""), (":method", "GET"), (":method", "POST"), (":path", "/"), (":path", "/index.html"),
        (":scheme", "http"), (":scheme", "https"), (":status", "200"), (":status", "204"), (":status", "206"),
        (":status", "304"), (":status", "400"), (":status", "404"), (":status", "500"), ("accept-charset", ""),
        ("accept-encoding", "gzip, deflate"), ("accept-language", ""), ("accept-ranges", ""), ("accept", ""),
        ("access-control-allow-origin", ""), ("age", ""), ("allow", ""), ("authorization", ""), ("cache-control", ""),
        ("content-disposition", ""), ("content-encoding", ""), ("content-language", ""), ("content-length", ""),
        ("content-location", ""), ("content-range", ""), ("content-type", ""), ("cookie", ""), ("date", ""),
        ("etag", ""), ("expect", ""), ("expires", ""), ("from", ""), ("host", ""), ("if-match", ""),
        ("if-modified-since", ""), ("if-none-match", ""), ("if-range", ""), ("if-unmodified-since", ""),
        ("last-modified", ""), ("link", ""), ("location", ""), ("max-forwards", ""), ("proxy-authenticate", ""),
        ("proxy-authorization", ""), ("range", ""), ("referer", ""), ("refresh", ""), ("retry-after", ""),
        ("server", ""), ("set-cookie", ""), ("strict-transport-security", ""), ("transfer-encoding", ""),
        ("user-agent", ""), ("vary", ""), ("via", ""), ("www-authenticate", ""),
    ];

    // The 5-bit codes of RFC 7541 Appendix B; enough for test values.
    private static readonly Dictionary<char, int> FiveBitCodes = new()
    {
        ['0'] = 0, ['1'] = 1, ['2'] = 2, ['a'] = 3, ['c'] = 4, ['e'] = 5, ['i'] = 6, ['o'] = 7, ['s'] = 8, ['t'] = 9,
    };

    /// <summary>A POST's header block: pseudo-headers, then each header as a literal the receiver adds to its table.</summary>
    public static byte[] EncodeRequest(string path, string authority, IEnumerable<Header> headers)
    {
        var block = new List<byte> { 0x83, 0x86 }; // :method POST, :scheme http (static indexes 3 and 6)
        WriteInteger(block, 4, 4, 0x00); // :path, literal without indexing, name by static index
        WriteString(block, path, huffman: false);
        WriteInteger(block, 1, 4, 0x00); // :authority
        WriteString(block, authority, huffman: false);
        foreach (var header in headers)
        {
            block.Add(0x40); // literal with incremental indexing, new name
            WriteString(block, header.Name, huffman: false);
            WriteString(block, header.Value, header.Huffman);
        }

        return [.. block];
    }

    public static List<(string Name, string Value)> Decode(ReadOnlySpan<byte> block)
    {
        var headers = new List<(string, string)>();
        var position = 0;
        while (position < block.Length)
        {
            var first = block[position];
            if ((first & 0x80) != 0)
            {
                headers.Add(StaticEntry(ReadInteger(block, ref position, 7)));
            }
            else if ((first & 0xE0) == 0x20)
            {
                ReadInteger(block, ref position, 5); // dynamic table size update
            }
            else
            {
                var index = ReadInteger(block, ref position, (first & 0xC0) == 0x40 ? 6 : 4);
                var name = index == 0 ? ReadString(block, ref position) : StaticEntry(index).Name;
                headers.Add((name, ReadString(block, ref position)));
            }
        }

        return headers;
    }

    private static (string Name, string Value) StaticEntry(int index) =>
        index is >= 1 and <= 61 ? StaticTable[index - 1] : throw new NotSupportedException($"HPACK index {index}: the dynamic table should be empty");

    private static void WriteInteger(List<byte> output, int value, int prefixBits, byte flags)
    {
        var max = (1 << prefixBits) - 1;
        if (value < max)
        {
            output.Add((byte)(flags | value));
            return;
        }

        output.Add((byte)(flags | max));
        value -= max;
        while (value >= 0x80)
        {
            output.Add((byte)((value & 0x7F) | 0x80));
            value >>= 7;
        }

        output.Add((byte)value);
    }

    private static void WriteString(List<byte> output, string text, bool huffman)
    {
        if (!huffman)
        {
            var raw = Encoding.ASCII.GetBytes(text);
            WriteInteger(output, raw.Length, 7, 0x00);
            output.AddRange(raw);
            return;
        }

        var coded = new List<byte>();
        int pending = 0, bits = 0;
        foreach (var c in text)
        {
            pending = (pending << 5) | (FiveBitCodes.TryGetValue(c, out var code) ? code : throw new NotSupportedException($"no 5-bit Huffman code for '{c}'"));
            bits += 5;
            while (bits >= 8)
            {
                coded.Add((byte)(pending >> (bits - 8)));
                bits -= 8;
                pending &= (1 << bits) - 1;
            }
        }

        if (bits > 0)
        {
            // Padded with the most significant bits of EOS, all ones.
            coded.Add((byte)((pending << (8 - bits)) | ((1 << (8 - bits)) - 1)));
        }

        WriteInteger(output, coded.Count, 7, 0x80);
        output.AddRange(coded);
    }

    private static int ReadInteger(ReadOnlySpan<byte> block, ref int position, int prefixBits)
    {
        var max = (1 << prefixBits) - 1;
        var value = block[position++] & max;
        if (value < max)
        {
            return value;
        }

        var shift = 0;
        byte next;
        do
        {
            next = block[position++];
            value += (next & 0x7F) << shift;
            shift += 7;
        }
        while ((next & 0x80) != 0);

        return value;
    }

    private static string ReadString(ReadOnlySpan<byte> block, ref int position)
    {
        var huffman = (block[position] & 0x80) != 0;
        var length = ReadInteger(block, ref position, 7);
        if (huffman)
        {
            throw new NotSupportedException("a Huffman-coded string in the answer");
        }

        var text = Encoding.UTF8.GetString(block.Slice(position, length));
        position += length;
        return text;
    }
}
