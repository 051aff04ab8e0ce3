using Grpc.Core;

namespace ImageGrid.Server.Grpc;

/// <summary>
/// INTERNAL for a request message that cannot be decoded (garbage bytes, a truncated field, invalid UTF-8 in a string),
/// as grpc-go and grpc-java answer it. Its own type so that the call's outcome is not logged a second time.
/// </summary>
public sealed class UndecodableRequestException(string messageType) : RpcException(new Status(StatusCode.Internal,
    $"The request is not a valid {messageType} message: it could not be decoded. Send a {messageType} serialized as protobuf."));
