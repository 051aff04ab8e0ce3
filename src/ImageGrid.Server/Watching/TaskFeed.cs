using System.Threading.Channels;
using ImageGrid.Contracts.V1;
using ImageGrid.Grains;

namespace ImageGrid.Server.Grpc;

/// <summary>One version as a task feed received it.</summary>
/// <param name="Snapshot">The version.</param>
/// <param name="Update">The version as the stream message, built once for every watcher (messages are only read).</param>
/// <param name="OpensSubscription">
/// The first version of a fresh grain subscription: its previous status is not filled in, so only a watcher that
/// asked for the current snapshot may take it as is.
/// </param>
public readonly record struct FeedItem(TaskSnapshot Snapshot, TaskUpdate Update, bool OpensSubscription);

/// <summary>
/// This silo's one subscription to a task grain and the watch streams it serves: every version the subscription
/// delivered (a task has a handful) and a channel per watcher. Guarded by its own <see cref="Lock"/>, so that one task's
/// burst (a version published to its watchers, or its watchers leaving once it ended) never waits for another's;
/// <see cref="TaskFeeds"/> takes its map's lock first when it needs both.
/// </summary>
public sealed class TaskFeed(string taskId)
{
    public string TaskId { get; } = taskId;

    public Lock Lock { get; } = new();

    public List<FeedItem> History { get; } = [];

    public List<ChannelWriter<FeedItem>> Watchers { get; } = [];

    /// <summary>Cancelled when the last watcher leaves before the task ends.</summary>
    public CancellationTokenSource Stop { get; } = new();

    /// <summary>No more versions will come: the task ended, the subscription failed, or nobody watches any more.</summary>
    public bool Ended { get; set; }
}
