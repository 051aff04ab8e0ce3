using System.Collections.Concurrent;
using System.Diagnostics;
using Grpc.Core;
using ImageGrid.Benchmarks.Infrastructure;
using ImageGrid.Contracts.V1;

namespace ImageGrid.Benchmarks.Scenarios;

/// <summary>A task created through ImageGrid, and when the harness got the answer.</summary>
public sealed record CreatedTask(string Id, string RivyaTaskId, DateTime AnsweredAtUtc);

/// <summary>What a closed-loop phase measured inside its window (after the warm-up).</summary>
public sealed record ClosedLoopResult(int Concurrency, double WindowSeconds, long Completed, long Failed, LatencySummary Latency, IReadOnlyDictionary<string, long> Errors)
{
    public double PerSecond => WindowSeconds <= 0 ? 0 : Math.Round(Completed / WindowSeconds, 1);
}

/// <summary>Load patterns shared by the scenarios. Every loop stops at its count or its time limit, whichever comes first.</summary>
public static class Load
{
    public static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(30);

    public static CreateImageRequest ImageRequest(string prompt) => new()
    {
        Model = "gpt-image-2",
        Prompt = prompt,
        Params = new ImageParams { AspectRatio = "1:1", Resolution = "1K" },
    };

    /// <summary>
    /// <paramref name="concurrency"/> callers run <paramref name="operation"/> back to back for warm-up plus duration (or
    /// until <paramref name="maxOperations"/> started). Only calls that complete inside the window after the warm-up count.
    /// </summary>
    public static async Task<ClosedLoopResult> ClosedLoopAsync(
        int concurrency,
        TimeSpan warmup,
        TimeSpan duration,
        long maxOperations,
        Func<CancellationToken, Task> operation,
        Action onWindowStart,
        Action onWindowEnd,
        CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var windowStart = warmup;
        var windowEnd = warmup + duration;
        var latencies = new LatencySamples();
        var errors = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        long started = 0, completed = 0, failed = 0;

        async Task WorkerAsync()
        {
            await Task.Yield();
            while (clock.Elapsed < windowEnd && Interlocked.Increment(ref started) <= maxOperations)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var begin = clock.Elapsed;
                try
                {
                    await operation(cancellationToken);
                    var end = clock.Elapsed;
                    if (begin >= windowStart && end <= windowEnd)
                    {
                        latencies.Add((end - begin).TotalMilliseconds);
                        Interlocked.Increment(ref completed);
                    }
                }
                catch (Exception e) when (e is RpcException or HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
                {
                    if (begin >= windowStart)
                    {
                        Interlocked.Increment(ref failed);
                    }

                    errors.AddOrUpdate(ErrorKind(e), 1, (_, n) => n + 1);
                }
            }
        }

        var workers = Enumerable.Range(0, concurrency).Select(_ => WorkerAsync()).ToList();
        await Task.Delay(warmup, cancellationToken);
        onWindowStart();
        var remaining = windowEnd - clock.Elapsed;
        if (remaining > TimeSpan.Zero)
        {
            await Task.Delay(remaining, cancellationToken);
        }

        onWindowEnd();
        await Task.WhenAll(workers).WaitAsync(CallTimeout + TimeSpan.FromSeconds(5), cancellationToken);
        return new ClosedLoopResult(concurrency, duration.TotalSeconds, completed, failed, latencies.Summarize(), errors);
    }

    /// <summary>
    /// Creates up to <paramref name="count"/> tasks through ImageGrid with <paramref name="concurrency"/> callers, for at
    /// most <paramref name="budget"/>. Returns the tasks created, in no particular order; <paramref name="onCreated"/> sees
    /// each as soon as it is answered.
    /// </summary>
    public static async Task<CreateManyResult> CreateManyAsync(
        BenchStack stack, int count, int concurrency, string prompt, TimeSpan budget, CancellationToken cancellationToken, Action<int>? progress = null,
        Action<CreatedTask>? onCreated = null)
    {
        var created = new CreatedTask?[count];
        var errors = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        var clock = Stopwatch.StartNew();
        var next = -1;
        var done = 0;
        var request = ImageRequest(prompt);

        async Task WorkerAsync()
        {
            await Task.Yield();
            int index;
            var consecutiveFailures = 0;
            while (clock.Elapsed < budget && (index = Interlocked.Increment(ref next)) < count)
            {
                try
                {
                    var task = await stack.Channels.Next().CreateImageAsync(
                        request, stack.Channels.Auth, DateTime.UtcNow + CallTimeout, cancellationToken);
                    created[index] = new CreatedTask(task.Id, task.RivyaTaskId, DateTime.UtcNow);
                    onCreated?.Invoke(created[index]!);
                    consecutiveFailures = 0;
                    var total = Interlocked.Increment(ref done);
                    if (progress is not null && total % 10_000 == 0)
                    {
                        progress(total);
                    }
                }
                catch (RpcException e) when (!cancellationToken.IsCancellationRequested)
                {
                    errors.AddOrUpdate(ErrorKind(e), 1, (_, n) => n + 1);
                    if (++consecutiveFailures >= 50)
                    {
                        throw new InvalidOperationException($"CreateImage keeps failing: {e.Status}");
                    }
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => WorkerAsync()));
        var tasks = created.OfType<CreatedTask>().ToList();
        return new CreateManyResult(tasks, clock.Elapsed.TotalSeconds, errors);
    }

    /// <summary>Runs <paramref name="action"/> over <paramref name="items"/> with at most <paramref name="concurrency"/> at once.</summary>
    public static Task ForEachAsync<T>(IEnumerable<T> items, int concurrency, CancellationToken cancellationToken, Func<T, CancellationToken, Task> action) =>
        Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken },
            async (item, token) => await action(item, token));

    public static string ErrorKind(Exception e) => e switch
    {
        RpcException rpc => $"grpc:{rpc.StatusCode}",
        HttpRequestException http when http.StatusCode is { } status => $"http:{(int)status}",
        HttpRequestException http => $"http:{http.HttpRequestError}",
        TaskCanceledException => "timeout",
        _ => e.GetType().Name,
    };
}

public sealed record CreateManyResult(IReadOnlyList<CreatedTask> Tasks, double Seconds, IReadOnlyDictionary<string, long> Errors)
{
    public double PerSecond => Seconds <= 0 ? 0 : Math.Round(Tasks.Count / Seconds, 1);
}
