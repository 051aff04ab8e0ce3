using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace ImageGrid.Testing;

/// <summary>
/// A loopback port nothing listens on right now, for a server, a silo or a process started right after. It is taken
/// below the kernel's ephemeral range: a port from that range (what binding to port 0 gives) may be handed to an
/// outgoing connection of any test between this call and the server's bind, which then fails with "address already
/// in use". No process gets the same port twice from here.
/// </summary>
public static class FreePort
{
    private const int Lowest = 10_000;
    private const int DefaultEphemeralStart = 32_768;

    private static readonly HashSet<int> Given = [];
    private static readonly Lazy<int> EphemeralStart = new(ReadEphemeralStart);

    public static int Next()
    {
        for (var attempt = 0; attempt < 1000; attempt++)
        {
            var port = Random.Shared.Next(Lowest, EphemeralStart.Value);
            lock (Given)
            {
                if (Given.Contains(port) || !IsFree(port))
                {
                    continue;
                }

                Given.Add(port);
                return port;
            }
        }

        throw new InvalidOperationException($"No free loopback port between {Lowest} and {EphemeralStart.Value} after 1000 tries.");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int ReadEphemeralStart()
    {
        try
        {
            var range = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[])['\t', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries);
            var start = int.Parse(range[0], CultureInfo.InvariantCulture);
            return start > Lowest + 1000 ? start : DefaultEphemeralStart;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return DefaultEphemeralStart;
        }
    }
}
