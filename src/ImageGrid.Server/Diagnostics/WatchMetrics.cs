using System.Diagnostics.Metrics;

namespace ImageGrid.Server.Diagnostics;

/// <summary>Metrics of the WatchTask and WatchTasks edge (meter "ImageGrid.Server").</summary>
public sealed class WatchMetrics
{
    public const string MeterName = "ImageGrid.Server";

    /// <summary>The values of the streams' <c>rpc</c> tag.</summary>
    public const string WatchTask = "WatchTask";
    public const string WatchTasks = "WatchTasks";

    private readonly UpDownCounter<long> _activeStreams;
    private readonly Counter<long> _resubscriptions;
    private readonly UpDownCounter<long> _subscriptions;

    public WatchMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _activeStreams = meter.CreateUpDownCounter<long>("imagegrid.watch.active_streams", "{stream}", "WatchTask and WatchTasks streams open now, by rpc");
        _subscriptions = meter.CreateUpDownCounter<long>("imagegrid.watch.task_subscriptions", description: "Task grain subscriptions this silo holds for its WatchTask streams (one per watched task)");
        _resubscriptions = meter.CreateCounter<long>("imagegrid.watch.resubscriptions", description: "Times a watch re-subscribed after its task grain deactivated or moved");
    }

    public void StreamOpened(string rpc) => _activeStreams.Add(1, new KeyValuePair<string, object?>("rpc", rpc));

    public void StreamClosed(string rpc) => _activeStreams.Add(-1, new KeyValuePair<string, object?>("rpc", rpc));

    public void Resubscribed() => _resubscriptions.Add(1);

    public void SubscriptionOpened() => _subscriptions.Add(1);

    public void SubscriptionClosed() => _subscriptions.Add(-1);
}
