using System.Diagnostics.Tracing;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Diagnostics.NETCore.Client;

namespace ImageGrid.Benchmarks.Infrastructure;

/// <summary>
/// The live managed heap of a server: a full blocking collection induced over EventPipe (the way dotnet-gcdump starts
/// one), then the heap's size after it, less its fragmentation, from the server's runtime metrics on its management
/// endpoint. Unlike RSS, it does not depend on how much room the GC leaves itself between collections.
/// </summary>
public static partial class ManagedHeap
{
    private const long GcKeyword = 0x1;
    private const long GcHeapCollectKeyword = 0x800000;
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    /// <summary>Bytes live on the server's managed heap after a full collection.</summary>
    public static async Task<long> LiveBytesAfterFullCollectionAsync(int pid, HttpClient management, CancellationToken cancellationToken)
    {
        var before = Gen2Collections(await ScrapeAsync(management, cancellationToken));
        var client = new DiagnosticsClient(pid);
        using var session = client.StartEventPipeSession(
            new EventPipeProvider("Microsoft-Windows-DotNETRuntime", EventLevel.Informational, GcKeyword | GcHeapCollectKeyword),
            requestRundown: false);
        // The session's events must be read, or the runtime's buffers fill; none of them is needed here.
        var drain = session.EventStream.CopyToAsync(Stream.Null, cancellationToken);
        try
        {
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(Bound);
            while (true)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(500), limit.Token);
                var metrics = await ScrapeAsync(management, limit.Token);
                if (Gen2Collections(metrics) > before)
                {
                    return (long)(Sum(metrics, HeapSize()) - Sum(metrics, Fragmentation()));
                }
            }
        }
        finally
        {
            await session.StopAsync(CancellationToken.None);
            await drain.WaitAsync(TimeSpan.FromSeconds(10), CancellationToken.None).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    private static async Task<string> ScrapeAsync(HttpClient management, CancellationToken cancellationToken) =>
        await management.GetStringAsync("metrics", cancellationToken);

    private static double Gen2Collections(string metrics) => Sum(metrics, Gen2Count());

    private static double Sum(string metrics, Regex series) =>
        series.Matches(metrics).Sum(match => double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture));

    [GeneratedRegex(@"^dotnet_gc_last_collection_heap_size_bytes\{[^}]*\} (?<value>[0-9.eE+]+)", RegexOptions.Multiline)]
    private static partial Regex HeapSize();

    [GeneratedRegex(@"^dotnet_gc_last_collection_heap_fragmentation_size_bytes\{[^}]*\} (?<value>[0-9.eE+]+)", RegexOptions.Multiline)]
    private static partial Regex Fragmentation();

    [GeneratedRegex(@"^dotnet_gc_collections_total\{[^}]*gc_heap_generation=""gen2""[^}]*\} (?<value>[0-9.eE+]+)", RegexOptions.Multiline)]
    private static partial Regex Gen2Count();
}
