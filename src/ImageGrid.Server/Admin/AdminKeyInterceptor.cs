using System.Security.Cryptography;
using System.Text;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Options;

namespace ImageGrid.Server.Admin;

/// <summary>
/// Requires `authorization: Bearer &lt;admin key&gt;` carrying the configured <see cref="AdminOptions.ApiKey"/>; nothing
/// else grants the admin API (account keys do not). The keys are compared as SHA-256 hashes in constant time.
/// </summary>
public sealed class AdminKeyInterceptor(IOptions<AdminOptions> options) : Interceptor
{
    private const string BearerPrefix = "Bearer ";

    private readonly byte[]? _adminKeyHash = string.IsNullOrWhiteSpace(options.Value.ApiKey) ? null : Hash(options.Value.ApiKey.Trim());

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
        if (_adminKeyHash is null)
        {
            throw Refuse("The admin API is disabled until Admin:ApiKey is set.");
        }

        var header = context.RequestHeaders.GetValue("authorization");
        if (header is null)
        {
            throw Refuse("Missing admin key: send the metadata 'authorization: Bearer <admin key>'.");
        }

        if (!header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
        {
            throw Refuse("Malformed 'authorization' metadata: send 'authorization: Bearer <admin key>' (the word Bearer, a space, then the key).");
        }

        if (!CryptographicOperations.FixedTimeEquals(Hash(header[BearerPrefix.Length..].Trim()), _adminKeyHash))
        {
            throw Refuse("The admin key is not valid: only the key configured as Admin:ApiKey grants the admin API.");
        }
    }

    /// <summary>Logged once, with the call's outcome, by <see cref="Grpc.ErrorMappingInterceptor"/>.</summary>
    private static RpcException Refuse(string message) => new(new Status(StatusCode.Unauthenticated, message));

    private static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}
