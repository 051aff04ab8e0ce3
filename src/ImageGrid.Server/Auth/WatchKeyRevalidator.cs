using ImageGrid.Grains.Accounts;
using ImageGrid.Server.Grpc;
using Microsoft.Extensions.Options;

namespace ImageGrid.Server.Auth;

/// <summary>
/// Ends the watch streams of a revoked key. Each distinct key of this server's open streams is observed at its key
/// grain, which notifies this server the moment the key is revoked, wherever in the cluster that happens. Every
/// <see cref="WatchKeyOptions.KeyRecheckInterval"/> each key is checked again (one grain call per key, not per stream),
/// which renews the observation and bounds the delay when a notification was lost.
/// </summary>
public sealed partial class WatchKeyRevalidator(
    WatchStreams streams,
    IGrainFactory grains,
    IHostApplicationLifetime lifetime,
    IOptions<WatchKeyOptions> options,
    TimeProvider time,
    ILogger<WatchKeyRevalidator> logger) : BackgroundService, IApiKeyRevocationObserver
{
    private IApiKeyRevocationObserver? _reference;

    public Task KeyRevoked(string keyHash)
    {
        streams.EndRevoked(keyHash);
        return Task.CompletedTask;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Grain calls need the silo, which starts after this service.
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        {
            try
            {
                await started.Task.WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                // The host stopped before it started (a failed start): nothing was observed.
                return;
            }
        }

        var reference = _reference = grains.CreateObjectReference<IApiKeyRevocationObserver>(this);
        try
        {
            await Task.WhenAll(CheckNewKeysAsync(stoppingToken), RecheckPeriodicallyAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            grains.DeleteObjectReference<IApiKeyRevocationObserver>(reference);
        }
    }

    private async Task CheckNewKeysAsync(CancellationToken cancellationToken)
    {
        await foreach (var keyHash in streams.NewKeys.ReadAllAsync(cancellationToken))
        {
            _ = CheckAsync(keyHash, cancellationToken);
        }
    }

    private async Task RecheckPeriodicallyAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(options.Value.KeyRecheckInterval, time);
        while (await timer.WaitForNextTickAsync(cancellationToken))
        {
            await Task.WhenAll(streams.Keys().Select(keyHash => CheckAsync(keyHash, cancellationToken)));
        }
    }

    private async Task CheckAsync(string keyHash, CancellationToken cancellationToken)
    {
        try
        {
            var account = await grains.GetGrain<IApiKeyGrain>(keyHash).ResolveAndObserveAsync(_reference!).WaitAsync(cancellationToken);
            if (account is null)
            {
                streams.EndRevoked(keyHash);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            // The streams keep running; the next period checks the key again.
            LogCheckFailed(e.GetType().Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not check the API key of open watch streams ({Reason}); checking again in the next period")]
    private partial void LogCheckFailed(string reason);
}
