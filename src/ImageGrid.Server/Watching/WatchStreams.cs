using System.Threading.Channels;
using Grpc.Core;

namespace ImageGrid.Server.Grpc;

/// <summary>
/// This server's open WatchTask/WatchTasks streams by the API key each was opened with: the streams of a revoked key end
/// with UNAUTHENTICATED, and every stream ends with UNAVAILABLE as soon as the host starts stopping, so Kestrel's drain
/// does not wait for them and the silo keeps its share of the shutdown time.
/// </summary>
public sealed partial class WatchStreams : IDisposable
{
    public static readonly Status KeyRevoked = new(StatusCode.Unauthenticated,
        "The API key was revoked, so this stream was ended: call again with a valid key in the 'authorization' metadata.");

    public static readonly Status ShuttingDown = new(StatusCode.Unavailable,
        "This server is shutting down: call again to reach another server. WatchTask with after_version set to the last " +
        "version you received misses nothing; WatchTasks starts again with every unfinished task's current snapshot.");

    private readonly Dictionary<string, HashSet<WatchStream>> _byKey = new(StringComparer.Ordinal);
    private readonly Channel<string> _newKeys = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lock _lock = new();
    private readonly CancellationTokenRegistration _onStopping;
    private readonly ILogger<WatchStreams> _logger;
    private bool _stopping;

    public WatchStreams(IHostApplicationLifetime lifetime, ILogger<WatchStreams> logger)
    {
        _logger = logger;
        _onStopping = lifetime.ApplicationStopping.Register(EndAllForShutdown);
    }

    /// <summary>Keys that had no open stream here until now, to be checked (and observed) at once.</summary>
    public ChannelReader<string> NewKeys => _newKeys.Reader;

    /// <summary>Tracks a stream until it is disposed; a stream opened while the host is stopping ends at once.</summary>
    public WatchStream Open(string keyHash, string accountId, CancellationToken callToken)
    {
        var stream = new WatchStream(this, keyHash, accountId, callToken);
        bool stopping;
        var firstOfKey = false;
        lock (_lock)
        {
            stopping = _stopping;
            if (!stopping)
            {
                if (!_byKey.TryGetValue(keyHash, out var streams))
                {
                    _byKey[keyHash] = streams = [];
                    firstOfKey = true;
                }

                streams.Add(stream);
            }
        }

        if (stopping)
        {
            stream.End(ShuttingDown);
        }
        else if (firstOfKey)
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

    private void EndAllForShutdown()
    {
        WatchStream[] ended;
        lock (_lock)
        {
            _stopping = true;
            ended = [.. _byKey.Values.SelectMany(streams => streams)];
            _byKey.Clear();
        }

        foreach (var stream in ended)
        {
            stream.End(ShuttingDown);
        }

        _newKeys.Writer.TryComplete();
        LogEndedForShutdown(ended.Length);
    }

    public void Dispose() => _onStopping.Dispose();

    [LoggerMessage(Level = LogLevel.Debug, Message = "Ended {Count} watch streams of account {AccountId}: their API key was revoked")]
    private partial void LogEndedRevoked(int count, string accountId);

    [LoggerMessage(Level = LogLevel.Information, Message = "The host is stopping: ended {Count} watch streams with UNAVAILABLE so their clients resume on another server")]
    private partial void LogEndedForShutdown(int count);
}
