using System.Collections.Concurrent;
using Grpc.Core;
using ImageGrid.Benchmarks.Infrastructure;
using ImageGrid.Contracts.V1;
using TaskStatus = ImageGrid.Contracts.V1.TaskStatus;

namespace ImageGrid.Benchmarks.Scenarios;

/// <summary>One transition as a watcher received it.</summary>
/// <param name="UpdatedAtUtc">The version's <c>task.updated_at</c>: when the task grain (or the bare server) recorded it.</param>
public readonly record struct Receipt(int TaskIndex, TaskStatus Status, DateTime ReceivedAtUtc, DateTime UpdatedAtUtc)
{
    /// <summary>From the recording of the version to its arrival at this watcher.</summary>
    public double LatencyMs => (ReceivedAtUtc - UpdatedAtUtc).TotalMilliseconds;
}

/// <summary>
/// What the WatchTask streams of a scenario saw. A stream counts as open once its first message (the current
/// snapshot) arrived; every later message is a live transition, timed from <c>task.updated_at</c> (stamped by the task
/// grain when it recorded the version, on the same machine clock) to its arrival.
/// </summary>
public sealed class WatchRecorder
{
    private readonly ConcurrentDictionary<string, long> _errors = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<Receipt> _receipts = new();
    private readonly ConcurrentDictionary<TaskStatus, TaskUpdate> _samples = new();
    private int _opened;
    private int _openedLate;
    private int _completed;

    public LatencySamples GrainToWatcher { get; } = new();

    public int Opened => Volatile.Read(ref _opened);

    /// <summary>Streams whose first snapshot was already past QUEUED: they missed the first transition.</summary>
    public int OpenedLate => Volatile.Read(ref _openedLate);

    public int Completed => Volatile.Read(ref _completed);

    public IReadOnlyDictionary<string, long> Errors => _errors;

    public IEnumerable<Receipt> Receipts => _receipts;

    /// <summary>Live transitions received so far.</summary>
    public int Received => _receipts.Count;

    /// <summary>The first message seen of each status (the opening snapshot under Unspecified), as templates of real size.</summary>
    public IReadOnlyDictionary<TaskStatus, TaskUpdate> Samples => _samples;

    /// <summary>
    /// Watches one task until its terminal update, the call's cancellation, or an error. <paramref name="opened"/> is
    /// released once, when the stream opened or failed.
    /// </summary>
    public async Task WatchAsync(ImageGrid.Contracts.V1.ImageGrid.ImageGridClient client, Metadata auth, string taskId, int taskIndex, SemaphoreSlim opened, CancellationToken cancellationToken)
    {
        var released = false;
        try
        {
            using var call = client.WatchTask(new WatchTaskRequest { TaskId = taskId }, auth, cancellationToken: cancellationToken);
            await foreach (var update in call.ResponseStream.ReadAllAsync(cancellationToken))
            {
                var now = DateTime.UtcNow;
                var kind = update.PreviousStatus == TaskStatus.Unspecified ? TaskStatus.Unspecified : update.Task.Status;
                if (!_samples.ContainsKey(kind))
                {
                    _samples.TryAdd(kind, update);
                }

                if (update.PreviousStatus == TaskStatus.Unspecified)
                {
                    Interlocked.Increment(ref _opened);
                    if (update.Task.Status != TaskStatus.Queued)
                    {
                        Interlocked.Increment(ref _openedLate);
                    }

                    if (!released)
                    {
                        released = true;
                        opened.Release();
                    }

                    continue;
                }

                var receipt = new Receipt(taskIndex, update.Task.Status, now, update.Task.UpdatedAt.ToDateTime());
                GrainToWatcher.Add(receipt.LatencyMs);
                _receipts.Enqueue(receipt);
            }

            Interlocked.Increment(ref _completed);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled && cancellationToken.IsCancellationRequested)
        {
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (RpcException e)
        {
            _errors.AddOrUpdate($"grpc:{e.StatusCode}", 1, (_, n) => n + 1);
        }
        finally
        {
            if (!released)
            {
                opened.Release();
            }
        }
    }
}
