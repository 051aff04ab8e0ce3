using System.Diagnostics;
using ImageGrid.Contracts.V1;
using ImageGrid.Grains.Diagnostics;
using ImageGrid.Server.Tests.Chaos;
using ImageGrid.Server.Tests.Infrastructure;

namespace ImageGrid.Server.Tests.Observability;

/// <summary>The server's spans, exported in memory: one trace from the gRPC edge through the grains to Rivya.</summary>
[Collection(ObservedServerCollection.Name)]
public sealed class TracingTests(ObservedServerFixture fixture)
{
    private const string AspNetCoreSource = "Microsoft.AspNetCore";
    private const string HttpClientSource = "System.Net.Http";

    [Fact]
    public async Task A_create_is_one_trace_from_the_grpc_call_through_the_task_grain_to_rivyas_create_request()
    {
        var account = await fixture.CreateAccountAsync(100);

        var created = await account.Client.CreateImageAsync(new CreateImageRequest { Prompt = "a traced lighthouse" });
        var edge = await SpanAsync(span => span.Source.Name == AspNetCoreSource && Tag(span, TelemetryTags.TaskId) == created.Id);
        var create = await SpanAsync(span => span.TraceId == edge.TraceId && span.Source.Name == HttpClientSource && span.DisplayName.StartsWith("POST", StringComparison.Ordinal));

        Assert.Equal(account.Id, Tag(edge, TelemetryTags.AccountId));
        Assert.Equal("/imagegrid.v1.ImageGrid/CreateImage", Tag(edge, "http.route"));
        var trace = fixture.Spans.Snapshot().Where(span => span.TraceId == edge.TraceId).ToList();
        var grain = Assert.Single(trace, span => span.Source.Name.StartsWith("Microsoft.Orleans", StringComparison.Ordinal) && Tag(span, TelemetryTags.TaskId) == created.Id);
        Assert.Equal(account.Id, Tag(grain, TelemetryTags.AccountId));
        Assert.Equal("/api/v1/tasks", new Uri(Tag(create, "url.full")!).AbsolutePath);
        Assert.True(IsWithin(create, grain, trace), "Rivya's create request is not under the task grain's span");
        Assert.True(IsWithin(grain, edge, trace), "the task grain's span is not under the gRPC call's span");
        Assert.DoesNotContain(trace.SelectMany(span => span.TagObjects), tag => tag.Value is string value && value.Contains(account.Key, StringComparison.Ordinal));

        await account.Client.WatchToEndAsync(created.Id);
        await account.Client.WaitForNoReservationsAsync(Watching.Timeout);
    }

    [Fact]
    public async Task A_background_poll_is_a_span_of_its_own_tagged_with_the_task_and_linked_to_the_create()
    {
        var account = await fixture.CreateAccountAsync(100);

        var created = await account.Client.CreateImageAsync(new CreateImageRequest { Prompt = "a polled lighthouse" });
        await account.Client.WatchToEndAsync(created.Id);
        await account.Client.WaitForNoReservationsAsync(Watching.Timeout);
        var edge = await SpanAsync(span => span.Source.Name == AspNetCoreSource && Tag(span, TelemetryTags.TaskId) == created.Id);
        var poll = await SpanAsync(span => span.Source.Name == HttpClientSource && span.DisplayName.StartsWith("GET", StringComparison.Ordinal)
            && fixture.Spans.Snapshot().Any(drive => drive.SpanId == span.ParentSpanId && Tag(drive, TelemetryTags.TaskId) == created.Id));

        var drive = fixture.Spans.Snapshot().Single(span => span.SpanId == poll.ParentSpanId);
        Assert.Equal(TaskTracing.SourceName, drive.Source.Name);
        Assert.Equal(default, drive.ParentSpanId);
        Assert.NotEqual(edge.TraceId, drive.TraceId);
        Assert.Equal(account.Id, Tag(drive, TelemetryTags.AccountId));
        Assert.Contains(drive.Links, link => link.Context.TraceId == edge.TraceId);
    }

    /// <summary>The first exported span that matches; spans are exported as they end, a moment after the call answered.</summary>
    private async Task<Activity> SpanAsync(Func<Activity, bool> match)
    {
        var deadline = DateTime.UtcNow + Watching.Timeout;
        while (true)
        {
            if (fixture.Spans.Snapshot().FirstOrDefault(match) is { } span)
            {
                return span;
            }

            Assert.True(DateTime.UtcNow < deadline, "no such span was exported");
            await Task.Delay(TimeSpan.FromMilliseconds(50));
        }
    }

    private static string? Tag(Activity span, string name) => span.GetTagItem(name) as string;

    /// <summary>Whether <paramref name="ancestor"/> is <paramref name="span"/>'s parent, or its parent's, and so on.</summary>
    private static bool IsWithin(Activity span, Activity ancestor, IReadOnlyList<Activity> trace)
    {
        var bySpanId = trace.ToDictionary(each => each.SpanId);
        for (var current = span; bySpanId.TryGetValue(current.ParentSpanId, out var parent); current = parent)
        {
            if (parent.SpanId == ancestor.SpanId)
            {
                return true;
            }
        }

        return false;
    }
}
