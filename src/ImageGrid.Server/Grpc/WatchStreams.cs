using System.Threading.Channels;
using Grpc.Core;

namespace ImageGrid.Server.Grpc;

/// <summary>
/// This server's open WatchTask/WatchTasks streams by the API key each was opened with: the streams of a revoked key end
/// with UNAUTHENTICATED.
/// </summary>
public sealed partial class WatchStreams(ILogger<WatchStreams> logger)
{
    public static readonly Status KeyRevoked = new(StatusCode.Unauthenticated,
        "The API key was revoked, so this stream was ended: call again with a valid key in the 'authorization' metadata.");

    private readonly Dictionary<string, HashSet<WatchStream>> _byKey = new(StringComparer.Ordinal);
    private readonly Channel<string> _newKeys = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lock _lock = new();

    /// <summary>Keys that had no open stream here until now, to be checked (and observed) at once.</summary>
    public ChannelReader<string> NewKeys => _newKeys.Reader;

    /// <summary>Tracks a stream until it is disposed.</summary>
    public WatchStream Open(string keyHash, string accountId, CancellationToken callToken)
    {
        var stream = new WatchStream(this, keyHash, accountId, callToken);
        var firstOfKey = false;
        lock (_lock)
        {
            if (!_byKey.TryGetValue(keyHash, out var streams))
            {
                _byKey[keyHash] = streams = [];
                firstOfKey = true;
            }

            streams.Add(stream);
        }

        if (firstOfKey)
        {
            _newKeys.Writer.TryWrite(keyHash);
        }

        return stream;
    }

    /// <summary>The distinct keys of the open streams.</summary>
    public IReadOnlyList<string> Keys()
    {
        lock (_lock)
        {
            return [.. _byKey.Keys];
        }
    }

    /// <summary>Ends the streams opened with a revoked key with UNAUTHENTICATED.</summary>
    public void EndRevoked(string keyHash)
    {
        WatchStream[] ended;
        lock (_lock)
        {
            if (!_byKey.Remove(keyHash, out var streams))
            {
                return;
            }

            ended = [.. streams];
        }

        foreach (var stream in ended)
        {
            stream.End(KeyRevoked);
        }

        LogEndedRevoked(ended.Length, ended[0].AccountId);
    }

    internal void Close(WatchStream stream)
    {
        lock (_lock)
        {
            if (_byKey.TryGetValue(stream.KeyHash, out var streams) && streams.Remove(stream) && streams.Count == 0)
            {
                _byKey.Remove(stream.KeyHash);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Ended {Count} watch streams of account {AccountId}: their API key was revoked")]
    private partial void LogEndedRevoked(int count, string accountId);
}
