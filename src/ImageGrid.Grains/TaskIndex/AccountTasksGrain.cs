using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using ImageGrid.Grains.Accounts;
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
/// Only finished tasks are stored, in segments of at most <see cref="SegmentSize"/> entries in the order they finished,
/// each a record of its own, so a task costs one write of one segment however many tasks the account has ever created.
/// Unfinished tasks live in memory: each has an open reservation at the account until after its terminal version is
/// stored here, so an activation reads the account's open reservations and asks those tasks how they stand.
/// </remarks>
public sealed partial class AccountTasksGrain(
    [FromKeyedServices(StorageNames.TaskIndex)] IGrainStorage storage,
    IGrainFactory grains,
    ILogger<AccountTasksGrain> logger) : Grain, IAccountTasksGrain
{
    public const int SegmentSize = 512;

    private const string SegmentStateName = "index";
    private const string SegmentType = "imagegrid.taskindex";
    /// <summary>How many unfinished tasks an activation asks at a time.</summary>
    private const int ResumeBatch = 256;

    private static readonly IComparer<string> NewestFirst = Comparer<string>.Create((a, b) => string.CompareOrdinal(b, a));

    private readonly SortedSet<string> _newestFirst = new(NewestFirst);
    private readonly Dictionary<string, TaskIndexEntry> _entries = new(StringComparer.Ordinal);
    /// <summary>The segment of each stored entry; an unfinished task has none.</summary>
    private readonly Dictionary<string, int> _segmentOf = new(StringComparer.Ordinal);
    private readonly List<StorageRecord<TaskIndexSegment>> _segments = [];
    private readonly Dictionary<string, TaskSnapshot> _unfinished = new(StringComparer.Ordinal);
    private readonly HashSet<string> _resultUrls = new(StringComparer.Ordinal);
    private readonly List<AccountWatcher> _watchers = [];

    private string AccountId => this.GetPrimaryKeyString();

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
                break;
            }

            _segments.Add(segment);
            foreach (var entry in segment.State.Entries)
            {
                Index(entry);
                _segmentOf[entry.TaskId] = number;
            }
        }

        await RecoverUnfinishedAsync();
    }

    public async Task PublishAsync(ImmutableArray<TaskSnapshot> versions)
    {
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

    public async Task<ImmutableArray<string>> FindOwnResultsAsync(ImmutableArray<string> urls)
    {
        if (urls.All(_resultUrls.Contains))
        {
            return urls;
        }

        // A task whose watchers saw it succeed may not have published the success here yet.
        var snapshots = await Task.WhenAll(_unfinished.Keys.ToList().Select(taskId => grains.GetGrain<ITaskGrain>(taskId).GetAsync()));
        var justSucceeded = snapshots
            .Where(snapshot => snapshot is { Status: ImageTaskStatus.Succeeded } && snapshot.AccountId == AccountId)
            .SelectMany(snapshot => snapshot!.Progress.Images.Select(image => image.Url))
            .ToHashSet(StringComparer.Ordinal);
        return [.. urls.Where(url => _resultUrls.Contains(url) || justSucceeded.Contains(url))];
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

    /// <summary>
    /// Reads back the unfinished tasks, which are not stored here: every task with an open reservation at the account.
    /// They are listed at once; how each stands is asked in the background, since a task may be waiting on this very
    /// activation (its publication is what activated the index). A task that finished but whose terminal version this
    /// index never stored is stored then.
    /// </summary>
    private async Task RecoverUnfinishedAsync()
    {
        var open = await grains.GetGrain<IAccountGrain>(AccountId).GetOpenReservationsAsync();
        var unknown = open.Where(taskId => !_entries.ContainsKey(taskId)).ToList();
        foreach (var taskId in unknown)
        {
            Index(new TaskIndexEntry { TaskId = taskId });
        }

        var notStoredFinished = open.Where(taskId => !(_segmentOf.ContainsKey(taskId) && _entries[taskId].Status.IsTerminal())).ToList();
        if (notStoredFinished.Count > 0)
        {
            _ = AskUnfinishedAsync(notStoredFinished);
        }
    }

    private async Task AskUnfinishedAsync(IReadOnlyList<string> taskIds)
    {
        try
        {
            foreach (var batch in taskIds.Chunk(ResumeBatch))
            {
                var snapshots = await Task.WhenAll(batch.Select(taskId => grains.GetGrain<ITaskGrain>(taskId).GetAsync()));
                var touched = new SortedSet<int>();
                for (var i = 0; i < batch.Length; i++)
                {
                    if (snapshots[i] is not { } snapshot)
                    {
                        // Reserved but not (yet) created: not listed; its start publishes it.
                        ForgetPlaceholder(batch[i]);
                    }
                    else if (snapshot.AccountId == AccountId && Record(snapshot) is { } segment)
                    {
                        touched.Add(segment);
                    }
                }

                foreach (var segment in touched)
                {
                    await WriteSegmentAsync(segment);
                }
            }
        }
        catch (Exception e)
        {
            // The tasks publish again as they change; the account's reconciler resumes them.
            LogRecoveryFailed(AccountId, taskIds.Count, e);
        }
    }

    /// <summary>
    /// Applies one version in memory and offers it to the watchers when it is new; returns the segment to write when the
    /// version is terminal and not stored yet.
    /// </summary>
    private int? Record(TaskSnapshot snapshot)
    {
        _entries.TryGetValue(snapshot.TaskId, out var entry);
        var changed = entry is null || entry.Version < snapshot.Version;
        if (changed)
        {
            if (entry is null)
            {
                entry = new TaskIndexEntry { TaskId = snapshot.TaskId };
                Index(entry);
            }

            Apply(entry, snapshot);
        }

        if (!entry!.Status.IsTerminal())
        {
            return null;
        }

        if (_segmentOf.TryGetValue(entry.TaskId, out var segment))
        {
            return changed ? segment : null;
        }

        return Append(entry);
    }

    private void Apply(TaskIndexEntry entry, TaskSnapshot snapshot)
    {
        entry.Status = snapshot.Status;
        entry.Version = snapshot.Version;
        if (snapshot.Status.IsTerminal())
        {
            _unfinished.Remove(snapshot.TaskId);
            if (snapshot.Status == ImageTaskStatus.Succeeded && snapshot.Progress.Images.Length > 0)
            {
                entry.ImageUrls = [.. snapshot.Progress.Images.Select(image => image.Url)];
                _resultUrls.UnionWith(entry.ImageUrls);
            }
        }
        else
        {
            _unfinished[snapshot.TaskId] = snapshot;
        }

        foreach (var watcher in _watchers)
        {
            watcher.Offer(snapshot);
        }
    }

    /// <summary>Drops the entry an activation listed for an open reservation, unless its task has published since.</summary>
    private void ForgetPlaceholder(string taskId)
    {
        if (_entries.TryGetValue(taskId, out var entry) && entry.Version == 0 && !_segmentOf.ContainsKey(taskId))
        {
            _entries.Remove(taskId);
            _newestFirst.Remove(taskId);
        }
    }

    private StorageRecord<TaskIndexSegment> NewSegment(int number) =>
        new(storage, SegmentStateName, SegmentId(AccountId, number));

    private void Index(TaskIndexEntry entry)
    {
        _entries[entry.TaskId] = entry;
        _newestFirst.Add(entry.TaskId);
        if (entry.ImageUrls is { } urls)
        {
            _resultUrls.UnionWith(urls);
        }
    }

    /// <summary>Adds a finished task to the last segment, starting a new segment when the last one is full.</summary>
    private int Append(TaskIndexEntry entry)
    {
        if (_segments.Count == 0 || _segments[^1].State.Entries.Count >= SegmentSize)
        {
            _segments.Add(NewSegment(_segments.Count));
        }

        _segments[^1].State.Entries.Add(entry);
        _segmentOf[entry.TaskId] = _segments.Count - 1;
        return _segments.Count - 1;
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "The task index of {AccountId} could not ask its {Count} unfinished tasks how they stand")]
    private partial void LogRecoveryFailed(string accountId, int count, Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "An account watcher of {AccountId} fell {Capacity} updates behind and was dropped")]
    private partial void LogOverflow(string accountId, int capacity);
}
