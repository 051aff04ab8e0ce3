using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ImageGrid.Server.Tests.Chaos;

public enum ProxyFault
{
    /// <summary>Bytes pass both ways untouched.</summary>
    None,
    /// <summary>Every connection is reset (TCP RST) as soon as it is accepted; open ones are reset at once.</summary>
    Reset,
    /// <summary>Every request is answered <c>503 Service Unavailable</c> without reaching the upstream; open connections are cut.</summary>
    ServiceUnavailable,
    /// <summary>
    /// Some connections are reset when accepted and some answers are cut mid-way (the request may have been acted
    /// on), each with <see cref="FaultProxy.FlakyChance"/>.
    /// </summary>
    Flaky,
}

/// <summary>
/// A TCP proxy on loopback in front of an HTTP dependency (Azurite's blob or table port, the Rivya simulator) that
/// passes bytes through or fails every request on demand, as a dependency having a bad minute would.
/// </summary>
public sealed class FaultProxy : IAsyncDisposable
{
    private static readonly byte[] Unavailable = Encoding.ASCII.GetBytes(
        "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _upstreamPort;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<Socket, byte> _open = new();
    private readonly Task _accepting;
    private readonly Random _random = new(20261130);
    private readonly Lock _randomLock = new();
    private volatile ProxyFault _fault;
    private long _failed;

    private FaultProxy(int upstreamPort)
    {
        _upstreamPort = upstreamPort;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public static FaultProxy Start(int upstreamPort) => new(upstreamPort);

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>The chance that <see cref="ProxyFault.Flaky"/> fails a connection, or cuts an answer.</summary>
    public double FlakyChance { get; set; } = 0.2;

    /// <summary>Connections or requests failed so far.</summary>
    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>The fault applied from now on; a fault also cuts every connection already open.</summary>
    public ProxyFault Fault
    {
        get => _fault;
        set
        {
            _fault = value;
            if (value is ProxyFault.Reset or ProxyFault.ServiceUnavailable)
            {
                foreach (var socket in _open.Keys)
                {
                    Reset(socket);
                }
            }
        }
    }

    private async Task AcceptAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(_stopping.Token);
            }
            catch (Exception) when (_stopping.IsCancellationRequested)
            {
                return;
            }

            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(Socket client)
    {
        _open.TryAdd(client, 0);
        Socket? upstream = null;
        try
        {
            switch (_fault)
            {
                case ProxyFault.Reset:
                    Interlocked.Increment(ref _failed);
                    Reset(client);
                    return;
                case ProxyFault.ServiceUnavailable:
                    await AnswerUnavailableAsync(client);
                    return;
                case ProxyFault.Flaky when Roll():
                    Interlocked.Increment(ref _failed);
                    Reset(client);
                    return;
            }

            upstream = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await upstream.ConnectAsync(IPAddress.Loopback, _upstreamPort, _stopping.Token);
            _open.TryAdd(upstream, 0);
            await Task.WhenAny(PumpAsync(client, upstream, mayCut: false), PumpAsync(upstream, client, mayCut: true));
        }
        catch (Exception)
        {
            // A cut connection is what this proxy is for.
        }
        finally
        {
            Close(client);
            if (upstream is not null)
            {
                Close(upstream);
            }
        }
    }

    private async Task AnswerUnavailableAsync(Socket client)
    {
        var buffer = new byte[16 * 1024];
        var received = new StringBuilder();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        while (!received.ToString().Contains("\r\n\r\n", StringComparison.Ordinal) && received.Length < 64 * 1024)
        {
            var read = await client.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
            if (read == 0)
            {
                return;
            }

            received.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        Interlocked.Increment(ref _failed);
        await client.SendAsync(Unavailable, SocketFlags.None, timeout.Token);
        client.Shutdown(SocketShutdown.Both);
    }

    private async Task PumpAsync(Socket from, Socket to, bool mayCut)
    {
        var buffer = new byte[64 * 1024];
        while (true)
        {
            var read = await from.ReceiveAsync(buffer, SocketFlags.None, _stopping.Token);
            if (read == 0 || _fault is ProxyFault.Reset or ProxyFault.ServiceUnavailable)
            {
                return;
            }

            if (mayCut && _fault == ProxyFault.Flaky && Roll())
            {
                Interlocked.Increment(ref _failed);
                Reset(to);
                return;
            }

            await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, _stopping.Token);
        }
    }

    private bool Roll()
    {
        lock (_randomLock)
        {
            return _random.NextDouble() < FlakyChance;
        }
    }

    private void Reset(Socket socket)
    {
        try
        {
            socket.LingerState = new LingerOption(true, 0);
        }
        catch (Exception)
        {
            // Already closed.
        }

        Close(socket);
    }

    private void Close(Socket socket)
    {
        _open.TryRemove(socket, out _);
        socket.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        await _accepting;
        foreach (var socket in _open.Keys)
        {
            Close(socket);
        }

        _stopping.Dispose();
    }
}
