namespace ImageGrid.Grains;

/// <summary>
/// The earliest time a task's next request to Rivya may go. Every path that sends one (the create call's own retries,
/// the background submit, the polls) asks here first, so a Retry-After is honoured whichever path comes next.
/// Rivya's Retry-After is capped at <paramref name="maxRetryAfter"/> (<c>Rivya:MaxRetryAfter</c>) so that a wild value
/// cannot park a task for hours.
/// </summary>
public sealed class UpstreamPacing(TimeSpan maxRetryAfter, TimeProvider time)
{
    private DateTimeOffset _notBefore = DateTimeOffset.MinValue;

    /// <summary>How long until the next request may go; zero when it may go now.</summary>
    public TimeSpan Remaining
    {
        get
        {
            var wait = _notBefore - time.GetUtcNow();
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }
    }

    /// <summary>Rivya's Retry-After within the cap, or null when it gave none.</summary>
    public TimeSpan? Capped(TimeSpan? retryAfter) =>
        retryAfter is { } wait ? (wait > maxRetryAfter ? maxRetryAfter : wait) : null;

    /// <summary>Holds the next request back for at least <paramref name="wait"/> from now (never shortens a hold).</summary>
    public void HoldFor(TimeSpan wait)
    {
        var until = time.GetUtcNow() + wait;
        if (until > _notBefore)
        {
            _notBefore = until;
        }
    }
}
