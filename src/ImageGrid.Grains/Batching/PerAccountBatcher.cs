using System.Collections.Immutable;

namespace ImageGrid.Grains.Batching;

/// <summary>
/// One silo's calls of one kind to accounts' grains, sent in batches. An account's grain takes one call at a time and
/// each call waits for its write, so calls of one account would queue behind each other's writes; here an item goes at
/// once when no batch of its account is in flight, and those that arrive meanwhile go together, in arrival order, in
/// the next batch: one call and one write for all. Nothing waits when the account is idle, so a lone call is not
/// delayed. Each caller gets its own item's result, or the exception of the batch it went in.
/// </summary>
/// <typeparam name="TItem">What one caller asks of the account.</typeparam>
/// <typeparam name="TResult">What one caller is answered.</typeparam>
public abstract class PerAccountBatcher<TItem, TResult>
{
    private readonly Dictionary<string, AccountQueue> _accounts = new(StringComparer.Ordinal);

    /// <summary>How many items of the account wait or are in flight on this silo.</summary>
    public int Pending(string accountId)
    {
        lock (_accounts)
        {
            return _accounts.TryGetValue(accountId, out var queue) ? queue.Waiting.Count + queue.InFlight : 0;
        }
    }

    /// <summary>The most items one call carries; the rest wait for the next.</summary>
    protected virtual int MaxBatchSize => int.MaxValue;

    /// <summary>One call to the account with the whole batch; its results in the batch's order.</summary>
    protected abstract Task<ImmutableArray<TResult>> SendAsync(string accountId, ImmutableArray<TItem> batch);

    protected Task<TResult> EnqueueAsync(string accountId, TItem item)
    {
        var queued = new QueuedItem(item);
        var send = false;
        AccountQueue queue;
        lock (_accounts)
        {
            if (!_accounts.TryGetValue(accountId, out queue!))
            {
                queue = new AccountQueue();
                _accounts.Add(accountId, queue);
            }

            queue.Waiting.Add(queued);
            if (!queue.Sending)
            {
                queue.Sending = true;
                send = true;
            }
        }

        if (send)
        {
            _ = Task.Run(() => SendBatchesAsync(accountId, queue));
        }

        return queued.Result.Task;
    }

    private async Task SendBatchesAsync(string accountId, AccountQueue queue)
    {
        while (true)
        {
            List<QueuedItem> batch;
            lock (_accounts)
            {
                queue.InFlight = 0;
                if (queue.Waiting.Count == 0)
                {
                    queue.Sending = false;
                    _accounts.Remove(accountId);
                    return;
                }

                if (queue.Waiting.Count <= MaxBatchSize)
                {
                    batch = queue.Waiting;
                    queue.Waiting = [];
                }
                else
                {
                    batch = queue.Waiting.GetRange(0, MaxBatchSize);
                    queue.Waiting.RemoveRange(0, MaxBatchSize);
                }

                queue.InFlight = batch.Count;
            }

            try
            {
                var results = await SendAsync(accountId, [.. batch.Select(q => q.Item)]);
                if (results.Length != batch.Count)
                {
                    throw new InvalidOperationException($"A batch of {batch.Count} was answered with {results.Length} results.");
                }

                for (var i = 0; i < batch.Count; i++)
                {
                    batch[i].Result.TrySetResult(results[i]);
                }
            }
            catch (Exception e)
            {
                foreach (var queued in batch)
                {
                    queued.Result.TrySetException(e);
                }
            }
        }
    }

    private sealed class AccountQueue
    {
        public List<QueuedItem> Waiting { get; set; } = [];

        /// <summary>The size of the batch in flight; 0 when none is.</summary>
        public int InFlight { get; set; }

        public bool Sending { get; set; }
    }

    private sealed record QueuedItem(TItem Item)
    {
        public TaskCompletionSource<TResult> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
