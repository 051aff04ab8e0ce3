using System.Runtime.CompilerServices;
using ImageGrid.Grains;
using ImageGrid.Server.Diagnostics;

namespace ImageGrid.Server.Grpc;

/// <summary>
/// Follows a task grain's versions after a given one, re-subscribing from the last version received when the grain
/// deactivates or moves (within <see cref="GrainRetry"/>'s bounds), so the sequence has neither a gap nor an error.
/// </summary>
public sealed partial class TaskVersionFollower(WatchMetrics metrics, TimeProvider time, ILogger<TaskVersionFollower> logger)
{
    public async IAsyncEnumerable<TaskSnapshot> FollowAsync(ITaskGrain grain, string taskId, long afterVersion, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var lastVersion = afterVersion;
        var resubscribe = new GrainRetry(time);
        while (true)
        {
            TimeSpan resubscribeAfter;
            var versions = grain.WatchAsync(lastVersion, cancellationToken).GetAsyncEnumerator(cancellationToken);
            try
            {
                while (true)
                {
                    bool moved;
                    try
                    {
                        moved = await versions.MoveNextAsync();
                    }
                    catch (Exception e) when (GrainRetry.IsResumable(e) && !cancellationToken.IsCancellationRequested && resubscribe.NextDelay() is { } delay)
                    {
                        LogResubscribing(taskId, lastVersion, e.GetType().Name);
                        metrics.Resubscribed();
                        resubscribeAfter = delay;
                        break;
                    }

                    if (!moved)
                    {
                        yield break;
                    }

                    lastVersion = versions.Current.Version;
                    resubscribe.Succeeded();
                    yield return versions.Current;
                }
            }
            finally
            {
                await versions.DisposeAsync();
            }

            await Task.Delay(resubscribeAfter, time, cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Watch of task {TaskId} interrupted ({Reason}); resubscribing after version {Version}")]
    private partial void LogResubscribing(string taskId, long version, string reason);
}
