using System.Collections.Immutable;
using ImageGrid.Grains.Batching;

namespace ImageGrid.Grains.TaskIndex;

/// <summary>
/// One silo's publications of task versions, sent to each account's index in batches
/// (<see cref="IAccountTasksGrain.PublishAsync"/>): the tasks that publish while the index stores a segment go
/// together, with one write per segment touched. Each publication is one task's new versions, oldest first; a task
/// publishes again only once its previous publication is answered, so its versions reach the index in order.
/// </summary>
/// <remarks>
/// A publication has no result of its own (<see cref="ValueTuple"/>): it either went with its batch or failed with it.
/// </remarks>
public sealed class IndexPublicationBatcher(IGrainFactory grains) : PerAccountBatcher<ImmutableArray<TaskSnapshot>, ValueTuple>
{
    /// <summary>
    /// The index hands every version to the account's watchers as it records it, and their streams drain between calls:
    /// a burst of a thousand tasks changing at once in one call would overflow a watcher's buffer
    /// (<c>Watch:AccountBufferCapacity</c>) that the same burst in smaller calls does not.
    /// </summary>
    public const int MaxTasksPerCall = 64;

    protected override int MaxBatchSize => MaxTasksPerCall;

    public Task PublishAsync(string accountId, ImmutableArray<TaskSnapshot> versions) => EnqueueAsync(accountId, versions);

    protected override async Task<ImmutableArray<ValueTuple>> SendAsync(string accountId, ImmutableArray<ImmutableArray<TaskSnapshot>> batch)
    {
        var versions = batch.Length == 1 ? batch[0] : [.. batch.SelectMany(task => task)];
        await grains.GetGrain<IAccountTasksGrain>(accountId).PublishAsync(versions);
        return [.. batch.Select(_ => default(ValueTuple))];
    }
}
