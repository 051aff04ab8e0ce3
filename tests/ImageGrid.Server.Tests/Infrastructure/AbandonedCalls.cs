using System.Buffers.Binary;
using System.Net.Sockets;

namespace ImageGrid.Server.Tests.Infrastructure;

/// <summary>
/// gRPC calls on one cleartext HTTP/2 connection (prior knowledge) that send their headers and the start of their
/// message, then are abandoned: <see cref="SendMoreAndCloseAsync"/> sends one more piece of every message and closes
/// the TCP connection straight after, as a load generator that stops mid-upload does.
/// </summary>
public sealed class AbandonedCalls : IAsyncDisposable
{
    private const byte Data = 0x0, Headers = 0x1, Settings = 0x4;
    private const byte EndHeaders = 0x4;

    private readonly TcpClient _tcp;
    private readonly NetworkStream _stream;
    private readonly string _authority;
    private readonly Task _draining;
    private readonly List<int> _streamIds = [];

    private AbandonedCalls(TcpClient tcp, string authority)
    {
        _tcp = tcp;
        _stream = tcp.GetStream();
        _authority = authority;
        // What the server sends is read and dropped: data left unread would make the close a reset that may discard
        // what was sent just before it.
        _draining = _stream.CopyToAsync(Stream.Null);
    }

    public static async Task<AbandonedCalls> ConnectAsync(string url)
    {
        var uri = new Uri(url);
        var tcp = new TcpClient { NoDelay = true };
        await tcp.ConnectAsync(uri.Host, uri.Port);
        var calls = new AbandonedCalls(tcp, uri.Authority);
        await calls._stream.WriteAsync("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8.ToArray());
        await calls._stream.WriteAsync(Frame(Settings, 0, 0, []));
        return calls;
    }

    /// <summary>Starts a call whose message claims <paramref name="messageLength"/> bytes and sends the first few.</summary>
    public async Task StartAsync(string path, IEnumerable<HPack.Header> headers, int messageLength, byte[] messageStart)
    {
        var streamId = 1 + (2 * _streamIds.Count);
        _streamIds.Add(streamId);
        var block = HPack.EncodeRequest(path, _authority, [new("content-type", "application/grpc"), new("te", "trailers"), .. headers]);
        var prefixed = new byte[5 + messageStart.Length];
        BinaryPrimitives.WriteUInt32BigEndian(prefixed.AsSpan(1, 4), (uint)messageLength);
        messageStart.CopyTo(prefixed, 5);
        byte[] frames = [.. Frame(Headers, EndHeaders, streamId, block), .. Frame(Data, 0, streamId, prefixed)];
        await _stream.WriteAsync(frames);
    }

    /// <summary>Sends <paramref name="more"/> on every call, all in one write, and closes the connection.</summary>
    public async Task SendMoreAndCloseAsync(byte[] more)
    {
        await _stream.WriteAsync(_streamIds.SelectMany(streamId => Frame(Data, 0, streamId, more)).ToArray());
        _tcp.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        _tcp.Dispose();
        await _draining.ContinueWith(_ => { }, TaskScheduler.Default);
    }

    private static byte[] Frame(byte type, byte flags, int streamId, byte[] payload)
    {
        var frame = new byte[9 + payload.Length];
        frame[0] = (byte)(payload.Length >> 16);
        frame[1] = (byte)(payload.Length >> 8);
        frame[2] = (byte)payload.Length;
        frame[3] = type;
        frame[4] = flags;
        BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(5), streamId);
        payload.CopyTo(frame, 9);
        return frame;
    }
}
