using System.Globalization;
using System.Net;

namespace ImageGrid.Server.Tests.Infrastructure;

/// <summary>
/// The TCP addresses a process listens on (Linux): its socket inodes, from /proc/PID/fd, matched to the LISTEN rows of
/// /proc/net/tcp and /proc/net/tcp6.
/// </summary>
public static class ListeningSockets
{
    private const string ListenState = "0A";

    public static IReadOnlyList<IPEndPoint> Of(int processId)
    {
        var inodes = new HashSet<string>();
        foreach (var descriptor in Directory.EnumerateFiles($"/proc/{processId}/fd"))
        {
            try
            {
                if (new FileInfo(descriptor).LinkTarget is { } target && target.StartsWith("socket:[", StringComparison.Ordinal))
                {
                    inodes.Add(target["socket:[".Length..^1]);
                }
            }
            catch (IOException)
            {
                // The descriptor was closed while being read.
            }
        }

        var listening = new List<IPEndPoint>();
        foreach (var table in new[] { "/proc/net/tcp", "/proc/net/tcp6" }.Where(File.Exists))
        {
            foreach (var row in File.ReadLines(table).Skip(1))
            {
                // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode ...
                var fields = row.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (fields[3] == ListenState && inodes.Contains(fields[9]))
                {
                    listening.Add(ParseEndpoint(fields[1]));
                }
            }
        }

        return listening;
    }

    /// <summary>"0100007F:2B67" is 127.0.0.1:11111: the address in 32-bit words of host (little-endian) order.</summary>
    private static IPEndPoint ParseEndpoint(string text)
    {
        var (address, port) = (text[..text.IndexOf(':', StringComparison.Ordinal)], text[(text.IndexOf(':', StringComparison.Ordinal) + 1)..]);
        var bytes = Convert.FromHexString(address);
        for (var word = 0; word < bytes.Length; word += 4)
        {
            Array.Reverse(bytes, word, 4);
        }

        return new IPEndPoint(new IPAddress(bytes), int.Parse(port, NumberStyles.HexNumber, CultureInfo.InvariantCulture));
    }
}
