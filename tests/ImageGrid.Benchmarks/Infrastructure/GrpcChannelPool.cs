using Grpc.Core;
using Grpc.Net.Client;
using ImageGridClient = ImageGrid.Contracts.V1.ImageGrid.ImageGridClient;

namespace ImageGrid.Benchmarks.Infrastructure;

/// <summary>
/// Several gRPC channels, spread over the servers given and handed out round robin. Each channel's handler opens more HTTP/2 connections
/// when one reaches the server's 100 concurrent streams (EnableMultipleHttp2Connections), so tens of thousands of
/// watch streams fit; several channels spread the sockets and their locks.
/// </summary>
public sealed class GrpcChannelPool : IDisposable
{
    private readonly GrpcChannel[] _channels;
    private readonly ImageGridClient[] _clients;
    private readonly CallInvoker[] _invokers;
    private int _next = -1;

    public GrpcChannelPool(IReadOnlyList<string> addresses, int count, string apiKey)
    {
        count = Math.Max(count, addresses.Count);
        _channels = new GrpcChannel[count];
        _clients = new ImageGridClient[count];
        _invokers = new CallInvoker[count];
        for (var i = 0; i < count; i++)
        {
            var handler = new SocketsHttpHandler
            {
                EnableMultipleHttp2Connections = true,
                PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
                PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
                ConnectTimeout = TimeSpan.FromSeconds(10),
            };
            _channels[i] = GrpcChannel.ForAddress(addresses[i % addresses.Count], new GrpcChannelOptions { HttpHandler = handler, DisposeHttpClient = true });
            _invokers[i] = _channels[i].CreateCallInvoker();
            _clients[i] = new ImageGridClient(_invokers[i]);
        }

        Auth = new Metadata { { "authorization", $"Bearer {apiKey}" } };
    }

    /// <summary>The account's key as call metadata (read-only once built).</summary>
    public Metadata Auth { get; }

    public ImageGridClient Next() => _clients[NextIndex()];

    /// <summary>The next channel's invoker, for calls made without the generated client (pre-serialized requests).</summary>
    public CallInvoker NextInvoker() => _invokers[NextIndex()];

    private int NextIndex() => (int)((uint)Interlocked.Increment(ref _next) % (uint)_clients.Length);

    public void Dispose()
    {
        foreach (var channel in _channels)
        {
            channel.Dispose();
        }
    }
}
