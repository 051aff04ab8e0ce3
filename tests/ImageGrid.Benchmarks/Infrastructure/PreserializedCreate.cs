using System.Buffers.Binary;
using Google.Protobuf;
using Grpc.Core;
using ImageGrid.Contracts.V1;

namespace ImageGrid.Benchmarks.Infrastructure;

/// <summary>
/// CreateImage with its request serialized once and its answer left as bytes: the load generator does no protobuf
/// work per call, so its CPU is the transport's. The call's status (in the trailers) is still checked by the client.
/// </summary>
public sealed class PreserializedCreate
{
    public const string Path = "/imagegrid.v1.ImageGrid/CreateImage";

    private static readonly Marshaller<byte[]> Bytes = Marshallers.Create(static bytes => bytes, static bytes => bytes);

    private static readonly Method<byte[], byte[]> Method = new(MethodType.Unary, "imagegrid.v1.ImageGrid", "CreateImage", Bytes, Bytes);

    private readonly byte[] _request;

    public PreserializedCreate(CreateImageRequest request)
    {
        _request = request.ToByteArray();
    }

    /// <summary>The request as one gRPC message on the wire (uncompressed flag, big-endian length, body): h2load's -d file.</summary>
    public byte[] Framed()
    {
        var framed = new byte[5 + _request.Length];
        BinaryPrimitives.WriteUInt32BigEndian(framed.AsSpan(1, 4), (uint)_request.Length);
        _request.CopyTo(framed, 5);
        return framed;
    }

    public Task<byte[]> CallAsync(CallInvoker invoker, Metadata headers, DateTime deadline, CancellationToken cancellationToken) =>
        invoker.AsyncUnaryCall(Method, null, new CallOptions(headers, deadline, cancellationToken), _request).ResponseAsync;
}
