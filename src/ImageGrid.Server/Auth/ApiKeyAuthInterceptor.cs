using Grpc.Core;
using Grpc.Core.Interceptors;
using ImageGrid.Grains.Accounts;
using ImageGrid.Server.Grpc;

namespace ImageGrid.Server.Auth;

/// <summary>
/// Requires `authorization: Bearer &lt;key&gt;` and resolves the key to an account before any handler runs. The key's
/// grain is asked on every call, so a revoked key fails at once on every silo (and streams already open with it are
/// ended by <see cref="WatchKeyRevalidator"/>).
/// </summary>
public sealed class ApiKeyAuthInterceptor(IGrainFactory grains, TimeProvider time) : Interceptor
{
    private const string BearerPrefix = "Bearer ";

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        await AuthenticateAsync(context);
        return await continuation(request, context);
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        await AuthenticateAsync(context);
        await continuation(request, responseStream, context);
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        await AuthenticateAsync(context);
        return await continuation(requestStream, context);
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        await AuthenticateAsync(context);
        await continuation(requestStream, responseStream, context);
    }

    private async Task AuthenticateAsync(ServerCallContext context)
    {
        var header = context.RequestHeaders.GetValue("authorization");
        if (header is null)
        {
            throw new RpcException(new Status(StatusCode.Unauthenticated, "Missing API key: send the metadata 'authorization: Bearer <api key>'."));
        }

        if (!header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
        {
            throw new RpcException(new Status(StatusCode.Unauthenticated,
                "Malformed 'authorization' metadata: send 'authorization: Bearer <api key>' (the word Bearer, a space, then the key)."));
        }

        var key = header[BearerPrefix.Length..].Trim();
        var keyHash = ApiKeyHash.Of(key);
        var accountId = key.Length == 0
            ? null
            : await GrainRetry.ReadAsync(grains.GetGrain<IApiKeyGrain>(keyHash).ResolveAsync, time, context.CancellationToken);
        if (accountId is null)
        {
            throw new RpcException(new Status(StatusCode.Unauthenticated, "The API key is not valid or was revoked: check the key in the 'authorization' metadata."));
        }

        CallerAccount.Set(context, accountId, keyHash);
    }
}
