using Grpc.Core;
using ImageGrid.Contracts.V1;
using ImageGrid.Grains;
using ImageGrid.Server.Diagnostics;

namespace ImageGrid.Server.Grpc;

/// <summary>
/// Writes a task grain's versions to one client stream. When the grain deactivates or moves, the relay subscribes
/// again from the last version it wrote, so the client sees neither a gap nor an error.
/// </summary>
public sealed partial class TaskWatchRelay(WatchMetrics metrics, ILogger<TaskWatchRelay> logger)
{
    private const int MaxConsecutiveFailures = 8;
    private static readonly TimeSpan RetryBaseDelay = TimeSpan.FromMilliseconds(100);

    public async Task RelayAsync(ITaskGrain grain, string taskId, long afterVersion, IServerStreamWriter<TaskUpdate> stream, CancellationToken cancellationToken)
    {
        metrics.StreamOpened();
        try
        {
            await RelayFromAsync(grain, taskId, afterVersion, stream, cancellationToken);
        }
        finally
        {
            metrics.StreamClosed();
        }
    }

    private async Task RelayFromAsync(ITaskGrain grain, string taskId, long afterVersion, IServerStreamWriter<TaskUpdate> stream, CancellationToken cancellationToken)
    {
        var lastSent = afterVersion;
        var failures = 0;
        while (true)
        {
            try
            {
                await foreach (var snapshot in grain.WatchAsync(lastSent, cancellationToken))
                {
                    await stream.WriteAsync(TaskMapper.ToUpdate(snapshot), cancellationToken);
                    lastSent = snapshot.Version;
                    failures = 0;
                }

                return;
            }
            catch (Exception e) when (IsResumable(e) && !cancellationToken.IsCancellationRequested && ++failures <= MaxConsecutiveFailures)
            {
                LogResubscribing(taskId, lastSent, e.GetType().Name);
                metrics.Resubscribed();
                await Task.Delay(failures == 1 ? TimeSpan.Zero : RetryBaseDelay * failures, cancellationToken);
            }
        }
    }

    /// <summary>The grain went away (deactivated, moved, silo lost) rather than the request being wrong.</summary>
    internal static bool IsResumable(Exception e) =>
        e is EnumerationAbortedException or SiloUnavailableException or OrleansMessageRejectionException or TimeoutException
        || e is OrleansException;

    [LoggerMessage(Level = LogLevel.Information, Message = "Watch of task {TaskId} interrupted ({Reason}); resubscribing after version {Version}")]
    private partial void LogResubscribing(string taskId, long version, string reason);
}
