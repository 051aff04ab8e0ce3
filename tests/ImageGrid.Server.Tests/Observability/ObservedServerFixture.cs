using System.Diagnostics;
using ImageGrid.Server.Tests.Infrastructure;
using OpenTelemetry.Trace;

namespace ImageGrid.Server.Tests.Observability;

/// <summary>
/// A server of its own whose traces go to an in-memory exporter, and whose /metrics only the tests of its collection
/// move (they run one after another, and each waits until its tasks have ended and settled).
/// </summary>
public sealed class ObservedServerFixture : ImageGridFixture
{
    public ExportedSpans Spans { get; } = new();

    protected override Action<TracerProviderBuilder>? TraceExport => tracing => tracing.AddInMemoryExporter(Spans);

    protected override IEnumerable<string> ServerArguments(string simulatorUrl) =>
    [
        .. base.ServerArguments(simulatorUrl),
        // A retried create waits a moment, not the default second; and only the faults a test injects make Rivya
        // calls fail or repeat, never a slow attempt on a busy machine (the tests count calls exactly).
        "--Rivya:RetryBaseDelay=00:00:00.050",
        "--Rivya:AttemptTimeout=00:00:20",
        "--Rivya:TotalRequestTimeout=00:00:40",
    ];

    /// <summary>Scrapes the server's /metrics on its management port.</summary>
    public async Task<PrometheusScrape> ScrapeAsync()
    {
        using var http = new HttpClient { BaseAddress = new Uri(ManagementUrl) };
        return PrometheusScrape.Parse(await http.GetStringAsync("/metrics"));
    }
}

/// <summary>The spans the in-memory exporter received; the exporter adds from whichever thread ended a span.</summary>
public sealed class ExportedSpans : ICollection<Activity>
{
    private readonly List<Activity> _spans = [];
    private readonly Lock _lock = new();

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _spans.Count;
            }
        }
    }

    public bool IsReadOnly => false;

    public IReadOnlyList<Activity> Snapshot()
    {
        lock (_lock)
        {
            return [.. _spans];
        }
    }

    public void Add(Activity item)
    {
        lock (_lock)
        {
            _spans.Add(item);
        }
    }

    public void Clear()
    {
        lock (_lock)
        {
            _spans.Clear();
        }
    }

    public bool Contains(Activity item) => Snapshot().Contains(item);

    public void CopyTo(Activity[] array, int arrayIndex) => Snapshot().ToList().CopyTo(array, arrayIndex);

    public bool Remove(Activity item)
    {
        lock (_lock)
        {
            return _spans.Remove(item);
        }
    }

    public IEnumerator<Activity> GetEnumerator() => Snapshot().GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}

[CollectionDefinition(Name)]
public sealed class ObservedServerCollection : ICollectionFixture<ObservedServerFixture>
{
    public const string Name = "observed server";
}
