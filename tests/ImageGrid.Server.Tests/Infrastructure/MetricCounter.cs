using Microsoft.Extensions.DependencyInjection;
using System.Diagnostics.Metrics;

namespace ImageGrid.Server.Tests.Infrastructure;

/// <summary>
/// Sums one long counter (or up-down counter) of an ImageGrid server's meter while it is alive, and separately its
/// increments. With <c>services</c> it listens only to that server's meter (other servers in the process have their own).
/// </summary>
public sealed class MetricCounter : IDisposable
{
    private readonly MeterListener _listener = new();
    private long _total;
    private long _increments;

    public MetricCounter(string meterName, string instrumentName, IServiceProvider? services = null)
    {
        var scope = services?.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == meterName && instrument.Name == instrumentName && (scope is null || ReferenceEquals(instrument.Meter.Scope, scope)))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, _, _) =>
        {
            Interlocked.Add(ref _total, value);
            if (value > 0)
            {
                Interlocked.Add(ref _increments, value);
            }
        });
        _listener.Start();
    }

    public long Total => Interlocked.Read(ref _total);

    /// <summary>The sum of the positive measurements only (for an up-down counter: how often it went up).</summary>
    public long Increments => Interlocked.Read(ref _increments);

    public void Dispose() => _listener.Dispose();
}
