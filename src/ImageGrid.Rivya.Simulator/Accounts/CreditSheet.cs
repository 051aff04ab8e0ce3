using ImageGrid.Rivya.Simulator.Contract;
using ImageGrid.Rivya.Simulator.Control;
using ImageGrid.Rivya.Simulator.Tasks;

namespace ImageGrid.Rivya.Simulator.Accounts;

/// <summary>
/// One key's credits. A task's price is reserved when it is created and settled when it finishes: spent on success,
/// returned on failure. Settling is lazy (done before every read or change), so no timer runs per task.
/// Not thread-safe: callers hold <see cref="Account.Gate"/>.
/// </summary>
internal sealed class CreditSheet(long initialCredits)
{
    private readonly PriorityQueue<SimulatedTask, DateTimeOffset> unsettled = new();
    private long available = initialCredits;
    private long reserved;
    private long spent;

    public long Available => available;

    public bool TryReserveFor(SimulatedTask task)
    {
        if (available < RivyaContract.CreditsPerImage)
        {
            return false;
        }

        available -= RivyaContract.CreditsPerImage;
        reserved += RivyaContract.CreditsPerImage;
        unsettled.Enqueue(task, task.Timeline.FinishedAt);
        return true;
    }

    public void SettleDue(DateTimeOffset now)
    {
        while (unsettled.TryPeek(out var task, out var finishedAt) && finishedAt <= now)
        {
            unsettled.Dequeue();
            reserved -= RivyaContract.CreditsPerImage;
            if (task.Outcome.Succeeds)
            {
                spent += RivyaContract.CreditsPerImage;
            }
            else
            {
                available += RivyaContract.CreditsPerImage;
            }
        }
    }

    public void SetAvailable(long credits) => available = credits;

    public CreditBalance Balance() => new(available, reserved, spent);
}
