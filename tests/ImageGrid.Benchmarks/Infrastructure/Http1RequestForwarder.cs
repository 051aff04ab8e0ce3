using System.Globalization;
using System.Text;

namespace ImageGrid.Benchmarks.Infrastructure;

/// <summary>
/// Copies HTTP/1.1 requests from a client connection to the upstream one, request by request, and reports each
/// request's head (request line and headers) before forwarding it. Bodies are delimited by Content-Length or chunked
/// transfer coding, as the Azure SDK sends them; a request without either has no body.
/// </summary>
public sealed class Http1RequestForwarder(Stream client, Stream upstream)
{
    private static readonly byte[] HeadEnd = "\r\n\r\n"u8.ToArray();
    private static readonly byte[] LineEnd = "\r\n"u8.ToArray();
    private byte[] _buffer = new byte[64 * 1024];
    private int _start;
    private int _end;

    /// <summary>Forwards requests until the client closes its side; <paramref name="onRequest"/> sees each head first.</summary>
    public async Task RunAsync(Action<string> onRequest, CancellationToken cancellationToken)
    {
        while (await FindAsync(HeadEnd, cancellationToken) is { } headLength)
        {
            var head = Encoding.ASCII.GetString(_buffer, _start, headLength);
            onRequest(head);
            await ForwardAsync(headLength + HeadEnd.Length, cancellationToken);
            if (HasHeader(head, "Transfer-Encoding", "chunked"))
            {
                await ForwardChunksAsync(cancellationToken);
            }
            else if (HeaderValue(head, "Content-Length") is { } length)
            {
                await ForwardAsync(long.Parse(length, CultureInfo.InvariantCulture), cancellationToken);
            }
        }
    }

    private async Task ForwardChunksAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var lineLength = await FindAsync(LineEnd, cancellationToken) ?? throw new EndOfStreamException("chunk size expected");
            var sizeText = Encoding.ASCII.GetString(_buffer, _start, lineLength).Split(';')[0].Trim();
            var size = long.Parse(sizeText, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            await ForwardAsync(lineLength + LineEnd.Length, cancellationToken);
            if (size == 0)
            {
                // Trailers, if any, then the empty line that ends the message.
                while (true)
                {
                    var trailerLength = await FindAsync(LineEnd, cancellationToken) ?? throw new EndOfStreamException("trailer expected");
                    await ForwardAsync(trailerLength + LineEnd.Length, cancellationToken);
                    if (trailerLength == 0)
                    {
                        return;
                    }
                }
            }

            await ForwardAsync(size + LineEnd.Length, cancellationToken);
        }
    }

    /// <summary>Reads until <paramref name="marker"/> is buffered; its offset from the buffer's start, or null at the end of the stream.</summary>
    private async Task<int?> FindAsync(byte[] marker, CancellationToken cancellationToken)
    {
        while (true)
        {
            var index = _buffer.AsSpan(_start, _end - _start).IndexOf(marker);
            if (index >= 0)
            {
                return index;
            }

            if (!await FillAsync(cancellationToken))
            {
                return null;
            }
        }
    }

    /// <summary>Sends the next <paramref name="count"/> bytes upstream: the buffered ones, then straight from the client.</summary>
    private async Task ForwardAsync(long count, CancellationToken cancellationToken)
    {
        while (count > 0)
        {
            if (_start == _end && !await FillAsync(cancellationToken))
            {
                throw new EndOfStreamException("the client closed inside a request");
            }

            var take = (int)Math.Min(count, _end - _start);
            await upstream.WriteAsync(_buffer.AsMemory(_start, take), cancellationToken);
            _start += take;
            count -= take;
        }
    }

    private async Task<bool> FillAsync(CancellationToken cancellationToken)
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }

        var read = await client.ReadAsync(_buffer.AsMemory(_end), cancellationToken);
        _end += read;
        return read > 0;
    }

    private static string? HeaderValue(string head, string name) =>
        head.Split("\r\n").Skip(1)
            .Where(line => line.StartsWith(name + ":", StringComparison.OrdinalIgnoreCase))
            .Select(line => line[(name.Length + 1)..].Trim())
            .LastOrDefault();

    private static bool HasHeader(string head, string name, string value) =>
        HeaderValue(head, name)?.Contains(value, StringComparison.OrdinalIgnoreCase) == true;
}
