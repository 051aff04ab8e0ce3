namespace ImageGrid.Grains;

/// <summary>
/// Whether Rivya last refused a create for lack of credits on ImageGrid's own Rivya account (per silo), for health
/// checks and operators.
/// </summary>
public sealed class UpstreamAccountStatus(TimeProvider time)
{
    private long _outOfCreditsSinceTicks;

    /// <summary>When Rivya began refusing for lack of credits; null while it accepts tasks.</summary>
    public DateTimeOffset? OutOfCreditsSince =>
        Interlocked.Read(ref _outOfCreditsSinceTicks) is var ticks and > 0 ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;

    public void ReportOutOfCredits() =>
        Interlocked.CompareExchange(ref _outOfCreditsSinceTicks, time.GetUtcNow().UtcTicks, 0);

    public void ReportAccepted() => Interlocked.Exchange(ref _outOfCreditsSinceTicks, 0);
}
