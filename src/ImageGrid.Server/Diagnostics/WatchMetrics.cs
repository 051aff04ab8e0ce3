using System.Diagnostics.Metrics;

namespace ImageGrid.Server.Diagnostics;

/// <summary>Metrics of the WatchTask edge (meter "ImageGrid.Server").</summary>
public sealed class WatchMetrics
{
    public const string MeterName = "ImageGrid.Server";

    private readonly UpDownCounter<long> _activeStreams;
    private readonly Counter<long> _resubscriptions;
    private readonly UpDownCounter<long> _subscriptions;

    public WatchMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _activeStreams = meter.CreateUpDownCounter<long>("imagegrid.watch.active_streams", description: "WatchTask streams open now");
        _subscriptions = meter.CreateUpDownCounter<long>("imagegrid.watch.task_subscriptions", description: "Task grain subscriptions this silo holds for its WatchTask streams (one per watched task)");
        _resubscriptions = meter.CreateCounter<long>("imagegrid.watch.resubscriptions", description: "Times a watch re-subscribed after its task grain deactivated or moved");
    }

    public void StreamOpened() => _activeStreams.Add(1);

    public void StreamClosed() => _activeStreams.Add(-1);

    public void Resubscribed() => _resubscriptions.Add(1);

    public void SubscriptionOpened() => _subscriptions.Add(1);

    public void SubscriptionClosed() => _subscriptions.Add(-1);
}
