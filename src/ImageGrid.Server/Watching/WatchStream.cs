using Grpc.Core;

namespace ImageGrid.Server.Grpc;

/// <summary>
/// One open WatchTask/WatchTasks stream as <see cref="WatchStreams"/> tracks it: its relay runs on <see cref="Token"/>,
/// which the server cancels to end the stream with a status of its own (the key was revoked, the host is stopping).
/// </summary>
public sealed class WatchStream : IDisposable
{
    private readonly WatchStreams _owner;
    private readonly CancellationTokenSource _cancel;
    private RpcException? _ending;

    internal WatchStream(WatchStreams owner, string keyHash, string accountId, CancellationToken callToken)
    {
        _owner = owner;
        KeyHash = keyHash;
        AccountId = accountId;
        _cancel = CancellationTokenSource.CreateLinkedTokenSource(callToken);
    }

    public string KeyHash { get; }

    public string AccountId { get; }

    public CancellationToken Token => _cancel.Token;

    /// <summary>Runs the relay; if the server ended the stream meanwhile, the call ends with the server's status.</summary>
    public async Task RunAsync(Func<CancellationToken, Task> relay)
    {
        try
        {
            await relay(Token);
        }
        catch (Exception) when (_ending is not null)
        {
            // Whatever the cancellation surfaced as (a cancelled write, an aborted grain call), the reason is ours.
        }

        if (_ending is { } ending)
        {
            throw ending;
        }
    }

    internal void End(Status status)
    {
        if (Interlocked.CompareExchange(ref _ending, new RpcException(status), null) is not null)
        {
            return;
        }

        try
        {
            _cancel.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The stream closed at the same moment: nothing is left to end.
        }
    }

    public void Dispose()
    {
        _owner.Close(this);
        _cancel.Dispose();
    }
}
