using System.Collections.Concurrent;
using System.Collections.Immutable;
using ImageGrid.Grains.Batching;

namespace ImageGrid.Grains.Tests.Batching;

/// <summary>The batching itself, without grains: what waits goes together in arrival order, never more than a call may carry.</summary>
public sealed class PerAccountBatcherTests
{
    [Fact]
    public async Task Items_that_queue_behind_a_call_go_in_calls_of_at_most_the_batch_size_in_arrival_order()
    {
        var batcher = new RecordingBatcher(maxBatchSize: 4);
        var first = batcher.Enqueue("account", 0);
        await batcher.FirstCallStarted.WaitAsync(TimeSpan.FromSeconds(30));
        var queued = Enumerable.Range(1, 9).Select(i => batcher.Enqueue("account", i)).ToList();

        batcher.ReleaseFirstCall();
        var results = await Task.WhenAll([first, .. queued]).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(Enumerable.Range(0, 10).Select(i => i * 10), results);
        Assert.Equal([[0], [1, 2, 3, 4], [5, 6, 7, 8], [9]], batcher.Calls.Select(call => call.ToArray()));
    }

    private sealed class RecordingBatcher(int maxBatchSize) : PerAccountBatcher<int, int>
    {
        private readonly TaskCompletionSource _firstCallStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _releaseFirstCall = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public ConcurrentQueue<ImmutableArray<int>> Calls { get; } = new();

        public Task FirstCallStarted => _firstCallStarted.Task;

        protected override int MaxBatchSize => maxBatchSize;

        public Task<int> Enqueue(string accountId, int item) => EnqueueAsync(accountId, item);

        public void ReleaseFirstCall() => _releaseFirstCall.TrySetResult();

        protected override async Task<ImmutableArray<int>> SendAsync(string accountId, ImmutableArray<int> batch)
        {
            Calls.Enqueue(batch);
            if (_firstCallStarted.TrySetResult())
            {
                await _releaseFirstCall.Task;
            }

            return [.. batch.Select(item => item * 10)];
        }
    }
}
