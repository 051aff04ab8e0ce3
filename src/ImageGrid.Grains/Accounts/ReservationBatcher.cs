using System.Collections.Immutable;

namespace ImageGrid.Grains.Accounts;

/// <summary>
/// One silo's reservations, sent to each account in batches. An account's grain takes one call at a time and each call
/// waits for its ledger write, so creates of one account would queue behind each other's writes; here a reservation
/// goes at once when no call to its account is in flight, and those that arrive meanwhile go together in the next
/// call, with one ledger write for all. Nothing waits when the account is idle, so a lone create is not delayed.
/// </summary>
public sealed class ReservationBatcher(IGrainFactory grains)
{
    private readonly Dictionary<string, AccountQueue> _accounts = new(StringComparer.Ordinal);

    public Task<CreditOutcome> ReserveAsync(string accountId, string taskId, long amount)
    {
        var pending = new Pending(new Reservation(taskId, amount));
        var send = false;
        AccountQueue queue;
        lock (_accounts)
        {
            if (!_accounts.TryGetValue(accountId, out queue!))
            {
                queue = new AccountQueue();
                _accounts.Add(accountId, queue);
            }

            queue.Waiting.Add(pending);
            if (!queue.Sending)
            {
                queue.Sending = true;
                send = true;
            }
        }

        if (send)
        {
            _ = Task.Run(() => SendAsync(accountId, queue));
        }

        return pending.Outcome.Task;
    }

    private async Task SendAsync(string accountId, AccountQueue queue)
    {
        var account = grains.GetGrain<IAccountGrain>(accountId);
        while (true)
        {
            List<Pending> batch;
            lock (_accounts)
            {
                if (queue.Waiting.Count == 0)
                {
                    queue.Sending = false;
                    _accounts.Remove(accountId);
                    return;
                }

                batch = queue.Waiting;
                queue.Waiting = [];
            }

            try
            {
                var outcomes = await account.ReserveManyAsync([.. batch.Select(p => p.Reservation)]);
                for (var i = 0; i < batch.Count; i++)
                {
                    batch[i].Outcome.TrySetResult(outcomes[i]);
                }
            }
            catch (Exception e)
            {
                foreach (var pending in batch)
                {
                    pending.Outcome.TrySetException(e);
                }
            }
        }
    }

    private sealed class AccountQueue
    {
        public List<Pending> Waiting { get; set; } = [];

        public bool Sending { get; set; }
    }

    private sealed record Pending(Reservation Reservation)
    {
        public TaskCompletionSource<CreditOutcome> Outcome { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
