using System.Net;
using System.Net.Sockets;

namespace ImageGrid.Benchmarks.Infrastructure;

public static class FreePort
{
    /// <summary>A loopback port the OS just handed out and released; good enough for processes started right after.</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
