using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace ImageGrid.Server.Hosting;

/// <summary>
/// Cleartext gRPC needs HTTP/2 with prior knowledge, so the gRPC endpoint speaks HTTP/2 only; probes, Prometheus and
/// browsers (the dashboard and its gRPC-Web) speak HTTP/1.1 on endpoints of their own.
/// </summary>
public static class EndpointProtocols
{
    public static HttpProtocols For(ListenOptions endpoint, params int?[] http1Ports) =>
        endpoint.IPEndPoint?.Port is { } port && http1Ports.Contains(port) ? HttpProtocols.Http1 : HttpProtocols.Http2;
}
