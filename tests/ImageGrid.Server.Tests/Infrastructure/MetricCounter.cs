using System.Diagnostics.Metrics;

namespace ImageGrid.Server.Tests.Infrastructure;

/// <summary>Sums one long counter (or up-down counter) of the ImageGrid server's meter while it is alive, and keeps the highest sum seen.</summary>
public sealed class MetricCounter : IDisposable
{
    private readonly MeterListener _listener = new();
    private long _total;
    private long _peak;

    public MetricCounter(string meterName, string instrumentName)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == meterName && instrument.Name == instrumentName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, _, _) => RaisePeak(Interlocked.Add(ref _total, value)));
        _listener.Start();
    }

    public long Total => Interlocked.Read(ref _total);

    /// <summary>The highest <see cref="Total"/> so far.</summary>
    public long Peak => Interlocked.Read(ref _peak);

    public void Dispose() => _listener.Dispose();

    private void RaisePeak(long total)
    {
        var peak = Interlocked.Read(ref _peak);
        while (total > peak)
        {
            var previous = Interlocked.CompareExchange(ref _peak, total, peak);
            if (previous == peak)
            {
                return;
            }

            peak = previous;
        }
    }
}
