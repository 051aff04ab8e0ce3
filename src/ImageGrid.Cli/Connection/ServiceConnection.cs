using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using ImageGridClient = ImageGrid.Contracts.V1.ImageGrid.ImageGridClient;

namespace ImageGrid.Cli.Connection;

/// <summary>
/// The channel to the service with the API key on every call, the deadline of single calls, and an HTTP client for
/// downloading result images.
/// </summary>
public sealed class ServiceConnection : IDisposable
{
    private readonly GrpcChannel _channel;
    private readonly TimeSpan _callTimeout;

    public ServiceConnection(ServiceSettings settings, TimeSpan callTimeout)
    {
        Settings = settings;
        _callTimeout = callTimeout;
        _channel = GrpcChannel.ForAddress(settings.Address);
        var authorization = $"Bearer {settings.ApiKey}";
        var invoker = _channel.Intercept(metadata =>
        {
            metadata.Add("authorization", authorization);
            return metadata;
        });
        Client = new ImageGridClient(invoker);
    }

    public ServiceSettings Settings { get; }

    public ImageGridClient Client { get; }

    public HttpClient Downloads { get; } = new() { Timeout = TimeSpan.FromMinutes(2) };

    /// <summary>The deadline for a single call (not a watch, which may run as long as the task does).</summary>
    public DateTime CallDeadline() => DateTime.UtcNow + _callTimeout;

    public void Dispose()
    {
        Downloads.Dispose();
        _channel.Dispose();
    }
}
