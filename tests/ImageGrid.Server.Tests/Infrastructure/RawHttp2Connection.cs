using System.Buffers.Binary;
using System.Net.Sockets;

namespace ImageGrid.Server.Tests.Infrastructure;

/// <summary>
/// One cleartext HTTP/2 connection (prior knowledge) driven frame by frame, for gRPC calls whose header encoding a test
/// chooses (see <see cref="HPack"/>). Calls run one after another on the same connection, so the server's HPACK
/// decoder keeps its state between them, as with a real client.
/// </summary>
public sealed class RawHttp2Connection : IAsyncDisposable
{
    private const byte Data = 0x0, Headers = 0x1, RstStream = 0x3, Settings = 0x4, Ping = 0x6, GoAway = 0x7, Continuation = 0x9;
    private const byte EndStream = 0x1, EndHeaders = 0x4, Ack = 0x1;
    private const int MaxFrameBytes = 16 * 1024;

    private readonly TcpClient _tcp;
    private readonly NetworkStream _stream;
    private readonly string _authority;
    private int _nextStreamId = 1;

    private RawHttp2Connection(TcpClient tcp, string authority)
    {
        _tcp = tcp;
        _stream = tcp.GetStream();
        _authority = authority;
    }

    /// <summary>How one call ended: every header and trailer received, and the RST_STREAM or GOAWAY code if any.</summary>
    public sealed record Response(IReadOnlyList<(string Name, string Value)> Headers, int? ResetCode, int? GoAwayCode)
    {
        public string? this[string name] => Headers.LastOrDefault(h => h.Name == name).Value;
    }

    public static async Task<RawHttp2Connection> ConnectAsync(string url)
    {
        var uri = new Uri(url);
        var tcp = new TcpClient();
        await tcp.ConnectAsync(uri.Host, uri.Port);
        var connection = new RawHttp2Connection(tcp, uri.Authority);
        await connection._stream.WriteAsync("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8.ToArray());
        // SETTINGS_HEADER_TABLE_SIZE = 0: the server's answers then index nothing, which HPack.Decode relies on.
        await connection.WriteFrameAsync(Settings, 0, 0, new byte[] { 0x00, 0x01, 0, 0, 0, 0 });
        return connection;
    }

    /// <summary>One gRPC unary call: the headers as given, then the message in one DATA frame.</summary>
    public async Task<Response> UnaryAsync(string path, byte[] message, IEnumerable<HPack.Header> headers, TimeSpan timeout)
    {
        var streamId = _nextStreamId;
        _nextStreamId += 2;
        var block = HPack.EncodeRequest(path, _authority, [new("content-type", "application/grpc"), new("te", "trailers"), .. headers]);
        for (var offset = 0; offset < block.Length; offset += MaxFrameBytes)
        {
            var chunk = block.AsMemory(offset, Math.Min(MaxFrameBytes, block.Length - offset));
            var last = offset + chunk.Length == block.Length;
            await WriteFrameAsync(offset == 0 ? Headers : Continuation, last ? EndHeaders : (byte)0, streamId, chunk);
        }

        var framed = new byte[5 + message.Length];
        BinaryPrimitives.WriteUInt32BigEndian(framed.AsSpan(1, 4), (uint)message.Length);
        message.CopyTo(framed, 5);
        await WriteFrameAsync(Data, EndStream, streamId, framed);

        using var cancel = new CancellationTokenSource(timeout);
        var received = new List<(string, string)>();
        var headerBlock = new List<byte>();
        var endAfterHeaders = false;
        while (true)
        {
            var (type, flags, id, payload) = await ReadFrameAsync(cancel.Token);
            switch (type)
            {
                case Settings when (flags & Ack) == 0:
                    await WriteFrameAsync(Settings, Ack, 0, Array.Empty<byte>());
                    break;
                case Ping when (flags & Ack) == 0:
                    await WriteFrameAsync(Ping, Ack, 0, payload);
                    break;
                case GoAway:
                    return new Response(received, null, (int)BinaryPrimitives.ReadUInt32BigEndian(payload.AsSpan(4, 4)));
                case RstStream when id == streamId:
                    return new Response(received, (int)BinaryPrimitives.ReadUInt32BigEndian(payload), null);
                case Headers or Continuation when id == streamId:
                    headerBlock.AddRange(payload);
                    endAfterHeaders |= type == Headers && (flags & EndStream) != 0;
                    if ((flags & EndHeaders) != 0)
                    {
                        received.AddRange(HPack.Decode([.. headerBlock]));
                        headerBlock.Clear();
                        if (endAfterHeaders)
                        {
                            return new Response(received, null, null);
                        }
                    }

                    break;
                case Data when id == streamId && (flags & EndStream) != 0:
                    return new Response(received, null, null);
            }
        }
    }

    private async Task WriteFrameAsync(byte type, byte flags, int streamId, ReadOnlyMemory<byte> payload)
    {
        var header = new byte[9];
        header[0] = (byte)(payload.Length >> 16);
        header[1] = (byte)(payload.Length >> 8);
        header[2] = (byte)payload.Length;
        header[3] = type;
        header[4] = flags;
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(5), streamId);
        await _stream.WriteAsync(header);
        await _stream.WriteAsync(payload);
    }

    private async Task<(byte Type, byte Flags, int StreamId, byte[] Payload)> ReadFrameAsync(CancellationToken cancel)
    {
        var header = new byte[9];
        await _stream.ReadExactlyAsync(header, cancel);
        var payload = new byte[(header[0] << 16) | (header[1] << 8) | header[2]];
        await _stream.ReadExactlyAsync(payload, cancel);
        return (header[3], header[4], BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(5)) & int.MaxValue, payload);
    }

    public ValueTask DisposeAsync()
    {
        _tcp.Dispose();
        return ValueTask.CompletedTask;
    }
}
