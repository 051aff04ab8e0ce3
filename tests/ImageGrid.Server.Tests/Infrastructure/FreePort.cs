using System.Net;
using System.Net.Sockets;

namespace ImageGrid.Server.Tests.Infrastructure;

/// <summary>A loopback port nothing listens on right now, for the silo's own sockets.</summary>
public static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
