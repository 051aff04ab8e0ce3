using System.Threading.Channels;
using Grpc.Core;
using ImageGrid.Contracts.V1;
using ImageGrid.Grains;
using ImageGrid.Server.Diagnostics;

namespace ImageGrid.Server.Grpc;

/// <summary>
/// Writes a task's versions to one client stream, strictly one after another: from this silo's shared subscription
/// to the task (<see cref="TaskFeeds"/>), or, when the client resumes from a version the shared subscription never
/// saw, from a subscription of its own (<see cref="TaskVersionFollower"/>).
/// </summary>
public sealed class TaskWatchRelay(TaskFeeds feeds, TaskVersionFollower follower, WatchMetrics metrics)
{
    public async Task RelayAsync(ITaskGrain grain, string taskId, long afterVersion, IServerStreamWriter<TaskUpdate> stream, CancellationToken cancellationToken)
    {
        metrics.StreamOpened(WatchMetrics.WatchTask);
        try
        {
            var lastSent = await RelayFromFeedAsync(grain, taskId, afterVersion, stream, cancellationToken);
            if (lastSent is { } resumeAfter)
            {
                await RelayFromGrainAsync(grain, taskId, resumeAfter, stream, cancellationToken);
            }
        }
        finally
        {
            metrics.StreamClosed(WatchMetrics.WatchTask);
        }
    }

    /// <summary>
    /// Relays from the shared subscription until the task ends (null) or the feed cannot continue this stream's
    /// sequence (the last version sent, to resume from on a subscription of its own).
    /// </summary>
    private async Task<long?> RelayFromFeedAsync(ITaskGrain grain, string taskId, long afterVersion, IServerStreamWriter<TaskUpdate> stream, CancellationToken cancellationToken)
    {
        var channel = Channel.CreateUnbounded<FeedItem>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = false });
        var feed = feeds.Attach(grain, taskId, channel.Writer);
        try
        {
            var lastSent = afterVersion;
            var wantsCurrent = afterVersion <= 0;
            await foreach (var item in channel.Reader.ReadAllAsync(cancellationToken))
            {
                // A new watcher of the current snapshot starts from the newest version the feed holds.
                if (wantsCurrent && channel.Reader.TryPeek(out _))
                {
                    continue;
                }

                var snapshot = item.Snapshot;
                var update = item.Update;
                if (wantsCurrent)
                {
                    wantsCurrent = false;
                    update = update.PreviousStatus == Contracts.V1.TaskStatus.Unspecified
                        ? update
                        : TaskMapper.ToUpdate(snapshot with { PreviousStatus = ImageTaskStatus.Unspecified });
                }
                else if (snapshot.Version <= lastSent)
                {
                    continue;
                }
                else if (snapshot.Version > lastSent + 1 || (item.OpensSubscription && snapshot.Version > 1))
                {
                    return lastSent;
                }

                await stream.WriteAsync(update, cancellationToken);
                lastSent = snapshot.Version;
            }

            return null;
        }
        finally
        {
            feeds.Detach(feed, channel.Writer);
        }
    }

    private async Task RelayFromGrainAsync(ITaskGrain grain, string taskId, long afterVersion, IServerStreamWriter<TaskUpdate> stream, CancellationToken cancellationToken)
    {
        await foreach (var snapshot in follower.FollowAsync(grain, taskId, afterVersion, cancellationToken))
        {
            await stream.WriteAsync(TaskMapper.ToUpdate(snapshot), cancellationToken);
        }
    }
}
