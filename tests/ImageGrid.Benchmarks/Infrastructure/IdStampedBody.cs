namespace ImageGrid.Benchmarks.Infrastructure;

/// <summary>
/// A request body serialized once around a 32-character id; each <see cref="Next"/> is a copy with a fresh id (a GUID's
/// hex digits) written in place, so the load generator does no JSON work per call.
/// </summary>
public sealed class IdStampedBody
{
    private const int IdLength = 32;
    private static readonly string Placeholder = new('#', IdLength);

    private readonly byte[] _template;
    private readonly int _idOffset;

    /// <param name="build">The body for a given id: called once, with a placeholder that must appear in it once.</param>
    public IdStampedBody(Func<string, byte[]> build)
    {
        _template = build(Placeholder);
        _idOffset = _template.AsSpan().IndexOf(System.Text.Encoding.ASCII.GetBytes(Placeholder));
        if (_idOffset < 0)
        {
            throw new ArgumentException("the body does not carry the id as given", nameof(build));
        }
    }

    public byte[] Next()
    {
        var body = (byte[])_template.Clone();
        Guid.NewGuid().TryFormat(body.AsSpan(_idOffset, IdLength), out _, "N");
        return body;
    }
}
