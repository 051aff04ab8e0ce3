namespace ImageGrid.Server.Grpc;

/// <summary>
/// Retries while a grain is unreachable (deactivating, moving, or on a silo that was lost and not yet declared dead):
/// long enough for the cluster to re-activate the grain elsewhere, short enough that a broken cluster ends the call.
/// Used by the watches to re-subscribe and by read-only calls. Not Polly's retry: a watch's failure window spans many
/// subscriptions and resets only when an update is delivered, which a pipeline's single execution cannot carry.
/// </summary>
public sealed class GrainRetry(TimeProvider time)
{
    public static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(100);

    private DateTimeOffset? _failingSince;
    private int _failures;

    /// <summary>The grain went away (deactivated, moved, silo lost) rather than the request being wrong.</summary>
    public static bool IsResumable(Exception e) => e is EnumerationAbortedException or OrleansException or TimeoutException;

    /// <summary>After a delivered update: the next failure starts a new window.</summary>
    public void Succeeded()
    {
        _failingSince = null;
        _failures = 0;
    }

    /// <summary>The delay before the next attempt, or null when it is time to give up.</summary>
    public TimeSpan? NextDelay()
    {
        var now = time.GetUtcNow();
        _failingSince ??= now;
        if (now - _failingSince > GiveUpAfter)
        {
            return null;
        }

        _failures++;
        var delay = Step * (_failures - 1);
        return delay > MaxDelay ? MaxDelay : delay;
    }

    /// <summary>
    /// Runs a read-only grain call, retrying while its grain is unreachable (e.g. its silo was lost and not yet declared
    /// dead), within the same bounds as a watch.
    /// </summary>
    public static async Task<T> ReadAsync<T>(Func<Task<T>> read, TimeProvider time, CancellationToken cancellationToken)
    {
        var policy = new GrainRetry(time);
        while (true)
        {
            try
            {
                return await read();
            }
            catch (Exception e) when (IsResumable(e) && !cancellationToken.IsCancellationRequested && policy.NextDelay() is { } delay)
            {
                await Task.Delay(delay, time, cancellationToken);
            }
        }
    }
}
