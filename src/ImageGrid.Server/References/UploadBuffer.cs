using System.Buffers;

namespace ImageGrid.Server.References;

/// <summary>
/// The bytes of one upload, in an array rented from the shared pool that grows as chunks arrive and never holds more
/// than the limit: a chunk that would pass it is refused, not stored.
/// </summary>
public sealed class UploadBuffer : IDisposable
{
    private const int MinimumCapacity = 64 * 1024;

    private readonly int _limit;
    private byte[] _array = [];

    /// <param name="limit">The most bytes the buffer takes.</param>
    /// <param name="expectedLength">The size the caller announced, to rent once; 0 when unknown.</param>
    public UploadBuffer(long limit, long expectedLength = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        _limit = (int)Math.Min(limit, Array.MaxLength);
        if (expectedLength > 0)
        {
            Grow((int)Math.Min(expectedLength, _limit));
        }
    }

    public int Length { get; private set; }

    /// <summary>The bytes appended so far; valid until the next append or <see cref="Dispose"/>.</summary>
    public ReadOnlySpan<byte> Content => _array.AsSpan(0, Length);

    /// <returns>False, leaving the buffer as it was, when the chunk would take it past the limit.</returns>
    public bool TryAppend(ReadOnlySpan<byte> chunk)
    {
        if (chunk.Length > _limit - Length)
        {
            return false;
        }

        if (Length + chunk.Length > _array.Length)
        {
            Grow(Length + chunk.Length);
        }

        chunk.CopyTo(_array.AsSpan(Length));
        Length += chunk.Length;
        return true;
    }

    /// <summary>A read-only stream over the content; valid until the next append or <see cref="Dispose"/>.</summary>
    public Stream OpenRead() => new MemoryStream(_array, 0, Length, writable: false);

    public void Dispose()
    {
        Release();
        Length = 0;
    }

    private void Grow(int needed)
    {
        var capacity = (int)Math.Min(_limit, Math.Max(needed, Math.Max(MinimumCapacity, 2L * _array.Length)));
        var next = ArrayPool<byte>.Shared.Rent(capacity);
        Content.CopyTo(next);
        Release();
        _array = next;
    }

    private void Release()
    {
        if (_array.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_array);
            _array = [];
        }
    }
}
