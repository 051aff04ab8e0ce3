using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using ImageGrid.Grains.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Storage;

namespace ImageGrid.Grains.TaskIndex;

/// <summary>
/// The account's task index (newest first, by the time-ordered task id) and the fan-out of task versions to the
/// account's watchers. Each task grain publishes its versions here in order.
/// </summary>
/// <remarks>
/// The index is stored as segments of at most <see cref="SegmentSize"/> entries in arrival order, each a record of
/// its own, so a task version rewrites only its segment: the cost of a write stays bounded however many tasks the
/// account has ever created.
/// </remarks>
public sealed partial class AccountTasksGrain(
    [FromKeyedServices(StorageNames.TaskIndex)] IGrainStorage storage,
    IGrainFactory grains,
    ILogger<AccountTasksGrain> logger) : Grain, IAccountTasksGrain
{
    public const int SegmentSize = 512;

    private const string SegmentStateName = "index";
    private const string SegmentType = "imagegrid.taskindex";

    private static readonly IComparer<string> NewestFirst = Comparer<string>.Create((a, b) => string.CompareOrdinal(b, a));

    private readonly SortedSet<string> _newestFirst = new(NewestFirst);
    private readonly Dictionary<string, TaskIndexEntry> _entries = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _segmentOf = new(StringComparer.Ordinal);
    private readonly List<StorageRecord<TaskIndexSegment>> _segments = [];
    private readonly Dictionary<string, TaskSnapshot> _unfinished = new(StringComparer.Ordinal);
    private readonly List<AccountWatcher> _watchers = [];
    private readonly ResultUrlGrants _resultUrls = new(grains, logger);

    /// <summary>The storage id of segment <paramref name="number"/> (0-based) of an account's index.</summary>
    public static GrainId SegmentId(string accountId, int number) =>
        StorageRecord<TaskIndexSegment>.IdFor(SegmentType, accountId, number);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        for (var number = 0; ; number++)
        {
            var segment = NewSegment(number);
            await segment.ReadAsync();
            if (!segment.RecordExists)
            {
                return;
            }

            _segments.Add(segment);
            foreach (var entry in segment.State.Entries)
            {
                Index(entry, number);
            }
        }
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) =>
        _resultUrls.GrantNowAsync([], throwOnFailure: false);

    public async Task PublishAsync(ImmutableArray<TaskSnapshot> versions)
    {
        _resultUrls.Start(versions.Where(IsNew));

        var touched = new SortedSet<int>();
        foreach (var snapshot in versions)
        {
            if (Record(snapshot) is { } segment)
            {
                touched.Add(segment);
            }
        }

        foreach (var segment in touched)
        {
            await WriteSegmentAsync(segment);
        }
    }

    public async Task GrantPendingResultsAsync()
    {
        var unfinished = _entries.Values.Where(entry => !entry.Status.IsTerminal()).Select(entry => entry.TaskId).ToList();
        var snapshots = await Task.WhenAll(unfinished.Select(taskId => grains.GetGrain<ITaskGrain>(taskId).GetAsync()));
        var accountId = this.GetPrimaryKeyString();
        await _resultUrls.GrantNowAsync(snapshots.OfType<TaskSnapshot>().Where(snapshot => snapshot.AccountId == accountId), throwOnFailure: true);
    }

    public Task<TaskIndexPage> ListAsync(ImageTaskStatus? status, string? beforeTaskId, int pageSize)
    {
        var page = OlderThan(beforeTaskId)
            .Where(id => status is null || _entries[id].Status == status)
            .Take(pageSize + 1)
            .ToList();
        var hasMore = page.Count > pageSize;
        return Task.FromResult(new TaskIndexPage
        {
            TaskIds = [.. page.Take(pageSize)],
            NextBeforeTaskId = hasMore ? page[pageSize - 1] : null,
        });
    }

    public async IAsyncEnumerable<AccountTaskEvent> WatchAsync(int bufferCapacity, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var watcher = new AccountWatcher(bufferCapacity);
        _watchers.Add(watcher);
        try
        {
            foreach (var snapshot in _unfinished.Values)
            {
                watcher.Offer(snapshot);
            }

            // After a reactivation the unfinished tasks' latest snapshots are with the tasks themselves.
            var notCached = _entries.Values
                .Where(e => !e.Status.IsTerminal() && !_unfinished.ContainsKey(e.TaskId))
                .Select(e => e.TaskId)
                .ToList();
            foreach (var taskId in notCached)
            {
                if (await grains.GetGrain<ITaskGrain>(taskId).GetAsync() is { } snapshot)
                {
                    watcher.Offer(snapshot);
                }
            }

            await foreach (var snapshot in watcher.Reader.ReadAllAsync(cancellationToken))
            {
                yield return new AccountTaskEvent { Snapshot = snapshot };
            }

            if (watcher.Overflowed)
            {
                LogOverflow(this.GetPrimaryKeyString(), bufferCapacity);
                yield return new AccountTaskEvent { Overflowed = true };
            }
        }
        finally
        {
            _watchers.Remove(watcher);
        }
    }

    private bool IsNew(TaskSnapshot snapshot) =>
        !_entries.TryGetValue(snapshot.TaskId, out var entry) || entry.Version < snapshot.Version;

    /// <summary>Applies one version in memory and offers it to the watchers; returns its segment, or null when it is not new.</summary>
    private int? Record(TaskSnapshot snapshot)
    {
        if (_entries.TryGetValue(snapshot.TaskId, out var entry) && entry.Version >= snapshot.Version)
        {
            return null;
        }

        entry ??= Append(snapshot.TaskId);
        entry.Status = snapshot.Status;
        entry.Version = snapshot.Version;
        if (snapshot.Status.IsTerminal())
        {
            _unfinished.Remove(snapshot.TaskId);
        }
        else
        {
            _unfinished[snapshot.TaskId] = snapshot;
        }

        foreach (var watcher in _watchers)
        {
            watcher.Offer(snapshot);
        }

        return _segmentOf[entry.TaskId];
    }

    private StorageRecord<TaskIndexSegment> NewSegment(int number) =>
        new(storage, SegmentStateName, SegmentId(this.GetPrimaryKeyString(), number));

    private void Index(TaskIndexEntry entry, int segment)
    {
        _entries[entry.TaskId] = entry;
        _newestFirst.Add(entry.TaskId);
        _segmentOf[entry.TaskId] = segment;
    }

    /// <summary>Adds a new task to the last segment, starting a new segment when the last one is full.</summary>
    private TaskIndexEntry Append(string taskId)
    {
        if (_segments.Count == 0 || _segments[^1].State.Entries.Count >= SegmentSize)
        {
            _segments.Add(NewSegment(_segments.Count));
        }

        var entry = new TaskIndexEntry { TaskId = taskId };
        _segments[^1].State.Entries.Add(entry);
        Index(entry, _segments.Count - 1);
        return entry;
    }

    /// <summary>
    /// Writes one segment. If the write fails, memory may hold what storage does not (or, on an ETag conflict, another
    /// writer got there first): this activation ends so the next call starts from storage, and the call fails visibly.
    /// </summary>
    private async Task WriteSegmentAsync(int number)
    {
        try
        {
            await _segments[number].WriteAsync();
        }
        catch
        {
            DeactivateOnIdle();
            throw;
        }
    }

    private IEnumerable<string> OlderThan(string? beforeTaskId)
    {
        if (beforeTaskId is null)
        {
            return _newestFirst;
        }

        if (_newestFirst.Count == 0 || NewestFirst.Compare(beforeTaskId, _newestFirst.Max!) > 0)
        {
            return [];
        }

        return _newestFirst.GetViewBetween(beforeTaskId, _newestFirst.Max!).Where(id => id != beforeTaskId);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "An account watcher of {AccountId} fell {Capacity} updates behind and was dropped")]
    private partial void LogOverflow(string accountId, int capacity);
}
