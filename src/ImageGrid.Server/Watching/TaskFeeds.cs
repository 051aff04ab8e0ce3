using System.Threading.Channels;
using ImageGrid.Grains;
using ImageGrid.Server.Diagnostics;

namespace ImageGrid.Server.Grpc;

/// <summary>
/// Shares one subscription per task grain among all of this silo's WatchTask streams of that task: the grain sends
/// each version to the silo once, and the feed copies it to every watcher here. The subscription starts with the first
/// watcher, ends with the last one (or with the task), and re-subscribes from its last version when the grain
/// deactivates or moves, so its watchers see neither a gap nor an error.
/// </summary>
public sealed class TaskFeeds(TaskVersionFollower follower, WatchMetrics metrics)
{
    private readonly Dictionary<string, TaskFeed> _feeds = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>
    /// Attaches a watcher: it first receives the versions the feed already holds, then every new one; the channel
    /// completes when the task ends (or with the error that ended the subscription).
    /// </summary>
    public TaskFeed Attach(ITaskGrain grain, string taskId, ChannelWriter<FeedItem> watcher)
    {
        TaskFeed? started = null;
        TaskFeed feed;
        lock (_lock)
        {
            if (!_feeds.TryGetValue(taskId, out var existing))
            {
                existing = started = new TaskFeed(taskId);
                _feeds.Add(taskId, existing);
            }

            feed = existing;
            // A mapped feed has not ended: ending takes this lock to unmap it.
            lock (feed.Lock)
            {
                feed.Watchers.Add(watcher);
                foreach (var item in feed.History)
                {
                    watcher.TryWrite(item);
                }
            }
        }

        if (started is not null)
        {
            metrics.SubscriptionOpened();
            _ = PumpAsync(grain, started);
        }

        return feed;
    }

    /// <summary>Detaches a watcher; the last one to leave ends the grain subscription.</summary>
    public void Detach(TaskFeed feed, ChannelWriter<FeedItem> watcher)
    {
        // The common case (other watchers stay, or the task ended) needs the feed's lock only.
        lock (feed.Lock)
        {
            feed.Watchers.Remove(watcher);
            if (feed.Watchers.Count > 0 || feed.Ended)
            {
                return;
            }
        }

        lock (_lock)
        {
            lock (feed.Lock)
            {
                // Another watcher may have attached (or the feed ended) in between.
                if (feed.Watchers.Count > 0 || feed.Ended)
                {
                    return;
                }

                EndLocked(feed, failure: null);
            }
        }

        feed.Stop.Cancel();
    }

    private async Task PumpAsync(ITaskGrain grain, TaskFeed feed)
    {
        var opensSubscription = true;
        try
        {
            await foreach (var snapshot in follower.FollowAsync(grain, feed.TaskId, afterVersion: 0, feed.Stop.Token))
            {
                Publish(feed, new FeedItem(snapshot, TaskMapper.ToUpdate(snapshot), opensSubscription));
                opensSubscription = false;
            }

            End(feed, failure: null);
        }
        catch (OperationCanceledException) when (feed.Stop.IsCancellationRequested)
        {
            // The last watcher left.
        }
        catch (Exception e)
        {
            End(feed, e);
        }
        finally
        {
            metrics.SubscriptionClosed();
        }
    }

    private void Publish(TaskFeed feed, FeedItem item)
    {
        lock (feed.Lock)
        {
            feed.History.Add(item);
            foreach (var watcher in feed.Watchers)
            {
                watcher.TryWrite(item);
            }
        }
    }

    private void End(TaskFeed feed, Exception? failure)
    {
        lock (_lock)
        {
            lock (feed.Lock)
            {
                if (!feed.Ended)
                {
                    EndLocked(feed, failure);
                }
            }
        }
    }

    /// <summary>Under both locks: the map's, then the feed's.</summary>
    private void EndLocked(TaskFeed feed, Exception? failure)
    {
        feed.Ended = true;
        if (_feeds.TryGetValue(feed.TaskId, out var mapped) && ReferenceEquals(mapped, feed))
        {
            _feeds.Remove(feed.TaskId);
        }

        foreach (var watcher in feed.Watchers)
        {
            watcher.TryComplete(failure);
        }
    }
}
