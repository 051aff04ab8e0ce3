using Grpc.Core;
using ImageGrid.Contracts.V1;
using ImageGrid.Grains;
using ImageGrid.Server.Diagnostics;

namespace ImageGrid.Server.Grpc;

/// <summary>
/// Writes a task grain's versions to one client stream. When the grain deactivates or moves, the relay subscribes
/// again from the last version it wrote, so the client sees neither a gap nor an error.
/// </summary>
public sealed partial class TaskWatchRelay(WatchMetrics metrics, TimeProvider time, ILogger<TaskWatchRelay> logger)
{
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
        var resubscribe = new GrainRetry(time);
        while (true)
        {
            try
            {
                await foreach (var snapshot in grain.WatchAsync(lastSent, cancellationToken))
                {
                    await stream.WriteAsync(TaskMapper.ToUpdate(snapshot), cancellationToken);
                    lastSent = snapshot.Version;
                    resubscribe.Succeeded();
                }

                return;
            }
            catch (Exception e) when (GrainRetry.IsResumable(e) && !cancellationToken.IsCancellationRequested && resubscribe.NextDelay() is { } delay)
            {
                LogResubscribing(taskId, lastSent, e.GetType().Name);
                metrics.Resubscribed();
                await Task.Delay(delay, time, cancellationToken);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Watch of task {TaskId} interrupted ({Reason}); resubscribing after version {Version}")]
    private partial void LogResubscribing(string taskId, long version, string reason);
}
