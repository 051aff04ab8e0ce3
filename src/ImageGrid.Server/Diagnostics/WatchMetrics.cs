using System.Diagnostics.Metrics;

namespace ImageGrid.Server.Diagnostics;

/// <summary>Metrics of the WatchTask edge (meter "ImageGrid.Server").</summary>
public sealed class WatchMetrics
{
    public const string MeterName = "ImageGrid.Server";

    private readonly UpDownCounter<long> _activeStreams;
    private readonly Counter<long> _resubscriptions;

    public WatchMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _activeStreams = meter.CreateUpDownCounter<long>("imagegrid.watch.active_streams", description: "WatchTask streams open now");
        _resubscriptions = meter.CreateCounter<long>("imagegrid.watch.resubscriptions", description: "Times a watch re-subscribed after its task grain deactivated or moved");
    }

    public void StreamOpened() => _activeStreams.Add(1);

    public void StreamClosed() => _activeStreams.Add(-1);

    public void Resubscribed() => _resubscriptions.Add(1);
}
