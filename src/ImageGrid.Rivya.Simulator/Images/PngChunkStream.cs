namespace ImageGrid.Rivya.Simulator.Images;

/// <summary>
/// Cuts what is written to it into PNG chunks of one type, so compressed image data streams out as it is produced
/// instead of being held whole. Each full buffer, and whatever is pending at a flush, becomes one chunk.
/// </summary>
internal sealed class PngChunkStream : Stream
{
    private readonly Stream output;
    private readonly byte[] chunk;
    private readonly int capacity;
    private int filled;

    public PngChunkStream(Stream output, string chunkType, int capacity = 64 * 1024)
    {
        this.output = output;
        this.capacity = capacity;
        chunk = new byte[PngChunk.HeaderLength + capacity + PngChunk.CrcLength];
        PngChunk.WriteType(chunk, chunkType);
    }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        while (!buffer.IsEmpty)
        {
            buffer = buffer[Append(buffer)..];
            if (filled == capacity)
            {
                output.Write(SealChunk());
            }
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (!buffer.IsEmpty)
        {
            buffer = buffer[Append(buffer.Span)..];
            if (filled == capacity)
            {
                await output.WriteAsync(SealChunkMemory(), cancellationToken);
            }
        }
    }

    public override void Flush()
    {
        if (filled > 0)
        {
            output.Write(SealChunk());
        }

        output.Flush();
    }

    public override async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (filled > 0)
        {
            await output.WriteAsync(SealChunkMemory(), cancellationToken);
        }

        await output.FlushAsync(cancellationToken);
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    private int Append(ReadOnlySpan<byte> data)
    {
        var count = Math.Min(data.Length, capacity - filled);
        data[..count].CopyTo(chunk.AsSpan(PngChunk.HeaderLength + filled));
        filled += count;
        return count;
    }

    private ReadOnlySpan<byte> SealChunk() => SealChunkMemory().Span;

    private ReadOnlyMemory<byte> SealChunkMemory()
    {
        var length = PngChunk.Seal(chunk, filled).Length;
        filled = 0;
        return chunk.AsMemory(0, length);
    }
}
