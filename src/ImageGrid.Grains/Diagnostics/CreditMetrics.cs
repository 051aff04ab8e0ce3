using System.Diagnostics.Metrics;

namespace ImageGrid.Grains.Diagnostics;

/// <summary>
/// Credits moved by the accounts on this silo (meter <see cref="TaskMetrics.MeterName"/>). Each counts once, when the
/// ledger entry is stored: an idempotent repeat of a reservation, settlement or release adds nothing.
/// </summary>
public sealed class CreditMetrics
{
    private readonly Counter<long> _reserved;
    private readonly Counter<long> _settled;
    private readonly Counter<long> _released;

    public CreditMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(TaskMetrics.MeterName);
        _reserved = meter.CreateCounter<long>("imagegrid.credits.reserved", "{credit}", "Credits reserved for tasks");
        _settled = meter.CreateCounter<long>("imagegrid.credits.settled", "{credit}", "Credits spent: reservations settled at the task's final credits");
        _released = meter.CreateCounter<long>("imagegrid.credits.released", "{credit}", "Credits given back: reservations released (failed tasks, orphans)");
    }

    public void Reserved(long credits) => _reserved.Add(credits);

    public void Settled(long credits) => _settled.Add(credits);

    public void Released(long credits) => _released.Add(credits);
}
