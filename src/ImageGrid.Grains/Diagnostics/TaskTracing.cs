using System.Diagnostics;

namespace ImageGrid.Grains.Diagnostics;

/// <summary>
/// Spans of the task grain's own work (ActivitySource <see cref="SourceName"/>). A drive step (submit, poll, finish)
/// runs on a timer, outside any call: it gets a trace of its own that links to the create's, whose context the task
/// keeps. Without a listener (no trace exporter) nothing is created.
/// </summary>
public static class TaskTracing
{
    public const string SourceName = "ImageGrid.Grains";

    private static readonly ActivitySource Source = new(SourceName);

    /// <summary>The current call's trace context as a W3C traceparent, when it is being recorded; null otherwise.</summary>
    public static string? RecordedTraceParent() =>
        Activity.Current is { Recorded: true, IdFormat: ActivityIdFormat.W3C } current ? current.Id : null;

    /// <summary>Tags the current span (the grain call's, or the gRPC call's at the edge) with the task and its account.</summary>
    public static void TagCurrent(string taskId, string accountId)
    {
        if (Activity.Current is { IsAllDataRequested: true } current)
        {
            current.SetTag(TelemetryTags.TaskId, taskId);
            current.SetTag(TelemetryTags.AccountId, accountId);
        }
    }

    public static void TagAccount(string accountId)
    {
        if (Activity.Current is { IsAllDataRequested: true } current)
        {
            current.SetTag(TelemetryTags.AccountId, accountId);
        }
    }

    /// <summary>A new root span for one drive step, linked to the task's create when its context was kept.</summary>
    public static Activity? StartDrive(string taskId, string accountId, string? createTraceParent)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        // A timer callback may still carry the context of the call that armed it; a drive step is its own trace.
        Activity.Current = null;
        ActivityLink[]? links = ActivityContext.TryParse(createTraceParent, null, out var create) ? [new ActivityLink(create)] : null;
        var activity = Source.StartActivity("task drive", ActivityKind.Internal, default(ActivityContext), links: links);
        activity?.SetTag(TelemetryTags.TaskId, taskId);
        activity?.SetTag(TelemetryTags.AccountId, accountId);
        return activity;
    }
}
