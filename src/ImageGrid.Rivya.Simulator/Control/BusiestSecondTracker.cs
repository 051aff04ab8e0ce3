namespace ImageGrid.Rivya.Simulator.Control;

/// <summary>Counts requests per wall-clock second and keeps the busiest one.</summary>
internal sealed class BusiestSecondTracker(TimeProvider time)
{
    private readonly Lock gate = new();
    private long currentSecond = long.MinValue;
    private long currentCount;
    private long busiestSecond = long.MinValue;
    private long busiestCount;

    public void Count()
    {
        lock (gate)
        {
            // Read under the lock, so the seconds arrive in order and only the current one is ever open.
            var second = time.GetUtcNow().ToUnixTimeMilliseconds() / 1000;
            if (second != currentSecond)
            {
                Close();
                currentSecond = second;
                currentCount = 0;
            }

            currentCount++;
        }
    }

    public BusiestSecond Snapshot()
    {
        lock (gate)
        {
            var (second, count) = currentCount > busiestCount ? (currentSecond, currentCount) : (busiestSecond, busiestCount);
            return count == 0 ? new BusiestSecond(null, 0) : new BusiestSecond(DateTimeOffset.FromUnixTimeSeconds(second), count);
        }
    }

    private void Close()
    {
        if (currentCount > busiestCount)
        {
            busiestSecond = currentSecond;
            busiestCount = currentCount;
        }
    }
}
