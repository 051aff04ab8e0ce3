using Grpc.Core;
using Grpc.Core.Interceptors;

namespace ImageGrid.Server.Auth;

/// <summary>Requires `authorization: Bearer &lt;key&gt;` and resolves the key to an account before any handler runs.</summary>
public sealed class ApiKeyAuthInterceptor(ApiKeyRegistry keys) : Interceptor
{
    private const string BearerPrefix = "Bearer ";

    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        Authenticate(context);
        return continuation(request, context);
    }

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Authenticate(context);
        return continuation(request, responseStream, context);
    }

    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Authenticate(context);
        return continuation(requestStream, context);
    }

    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Authenticate(context);
        return continuation(requestStream, responseStream, context);
    }

    private void Authenticate(ServerCallContext context)
    {
        var header = context.RequestHeaders.GetValue("authorization");
        if (header is null || !header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
        {
            throw new RpcException(new Status(StatusCode.Unauthenticated, "Missing API key: send the metadata 'authorization: Bearer <api key>'."));
        }

        var key = header[BearerPrefix.Length..].Trim();
        if (key.Length == 0 || !keys.TryResolve(key, out var accountId))
        {
            throw new RpcException(new Status(StatusCode.Unauthenticated, "The API key is not valid: check the key in the 'authorization' metadata."));
        }

        CallerAccount.Set(context, accountId);
    }
}
