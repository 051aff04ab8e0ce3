using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace ImageGrid.Benchmarks.Infrastructure;

/// <summary>
/// A TCP forwarder on loopback in front of Azurite's blob and table ports that reads each HTTP/1.1 request line as it
/// passes and records the method, the container or table and the time, and when the answer began. The server is
/// pointed at it through <see cref="ConnectionString"/>; bytes are forwarded unchanged both ways.
/// </summary>
public sealed class StorageCountingProxy : IAsyncDisposable
{
    private readonly TcpListener _blob = new(IPAddress.Loopback, 0);
    private readonly TcpListener _table = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<StorageRequest> _requests = new();
    private readonly List<Task> _acceptLoops = [];

    private StorageCountingProxy()
    {
    }

    /// <summary>The server's Storage:ConnectionString: Azurite's account, its blob and table endpoints at this proxy.</summary>
    public string ConnectionString =>
        Azurite.ConnectionString(Port(_blob), Port(_table));

    public static StorageCountingProxy Start()
    {
        var proxy = new StorageCountingProxy();
        proxy._blob.Start();
        proxy._table.Start();
        proxy._acceptLoops.Add(proxy.AcceptAsync(proxy._blob, "blob", Azurite.BlobPort));
        proxy._acceptLoops.Add(proxy.AcceptAsync(proxy._table, "table", Azurite.TablePort));
        return proxy;
    }

    /// <summary>Every request so far, in the order they were sent.</summary>
    public IReadOnlyList<StorageRequest> Requests() => [.. _requests.OrderBy(r => r.SentAtUtc)];

    /// <summary>The requests sent from <paramref name="fromUtc"/> up to <paramref name="toUtc"/>, in order.</summary>
    public IReadOnlyList<StorageRequest> SentBetween(DateTime fromUtc, DateTime toUtc) =>
        [.. Requests().Where(r => r.SentAtUtc >= fromUtc && r.SentAtUtc <= toUtc)];

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _blob.Stop();
        _table.Stop();
        await Task.WhenAll(_acceptLoops);
        _stop.Dispose();
    }

    private async Task AcceptAsync(TcpListener listener, string service, int upstreamPort)
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = ServeAsync(client, service, upstreamPort);
        }
    }

    private async Task ServeAsync(TcpClient client, string service, int upstreamPort)
    {
        using var upstream = new TcpClient();
        using (client)
        {
            try
            {
                client.NoDelay = true;
                upstream.NoDelay = true;
                await upstream.ConnectAsync(IPAddress.Loopback, upstreamPort, _stop.Token);
                // HTTP/1.1 without pipelining: a connection's answers come back in the order of its requests.
                var awaitingAnswer = new ConcurrentQueue<StorageRequest>();
                var requests = new Http1RequestForwarder(client.GetStream(), upstream.GetStream()).RunAsync(head =>
                {
                    var request = Parse(service, head);
                    _requests.Enqueue(request);
                    awaitingAnswer.Enqueue(request);
                }, _stop.Token);
                var answers = ForwardAnswersAsync(upstream.GetStream(), client.GetStream(), awaitingAnswer);
                await Task.WhenAny(requests, answers);
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException)
            {
            }
        }
    }

    private async Task ForwardAnswersAsync(Stream upstream, Stream client, ConcurrentQueue<StorageRequest> awaitingAnswer)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            int read;
            while ((read = await upstream.ReadAsync(buffer, _stop.Token)) > 0)
            {
                if (StatusOf(buffer.AsSpan(0, read)) is { } status && awaitingAnswer.TryDequeue(out var request))
                {
                    request.AnsweredAtUtc = DateTime.UtcNow;
                    request.Status = status;
                }

                await client.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
            }
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }

    /// <summary>The status code when the bytes begin an answer ("HTTP/1.1 201 Created"), else null.</summary>
    private static int? StatusOf(ReadOnlySpan<byte> bytes) =>
        bytes.Length >= 12 && bytes.StartsWith("HTTP/1."u8)
        && int.TryParse(bytes.Slice(9, 3), NumberStyles.None, CultureInfo.InvariantCulture, out var status)
            ? status
            : null;

    /// <summary>From "PUT /devstoreaccount1/imagegrid-tasks/x?comp=y HTTP/1.1": the method and the container or table.</summary>
    private static StorageRequest Parse(string service, string head)
    {
        var requestLine = head.Split("\r\n")[0].Split(' ');
        var method = requestLine[0];
        var target = requestLine.Length > 1 ? requestLine[1] : "";
        var path = WebUtility.UrlDecode(target.Split('?')[0]);
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var resource = segments.Length > 1 ? segments[1].Split('(')[0] : "(account)";
        var rest = string.Join('/', segments.Skip(1));
        return new StorageRequest(service, method, resource, rest.Length > 160 ? rest[..160] : rest, DateTime.UtcNow);
    }

    private static int Port(TcpListener listener) => ((IPEndPoint)listener.LocalEndpoint).Port;
}
