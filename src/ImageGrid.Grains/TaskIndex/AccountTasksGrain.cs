using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;

namespace ImageGrid.Grains.TaskIndex;

/// <summary>
/// The account's task index (newest first, by the time-ordered task id) and the fan-out of task versions to the
/// account's watchers. Each task grain publishes its versions here in order.
/// </summary>
public sealed partial class AccountTasksGrain(
    [PersistentState("index", StorageNames.TaskIndex)] IPersistentState<TaskIndexState> state,
    IGrainFactory grains,
    ILogger<AccountTasksGrain> logger) : Grain, IAccountTasksGrain
{
    private static readonly IComparer<string> NewestFirst = Comparer<string>.Create((a, b) => string.CompareOrdinal(b, a));

    private readonly SortedSet<string> _newestFirst = new(NewestFirst);
    private readonly Dictionary<string, TaskIndexEntry> _entries = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TaskSnapshot> _unfinished = new(StringComparer.Ordinal);
    private readonly List<AccountWatcher> _watchers = [];

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        foreach (var entry in state.State.Entries)
        {
            _entries[entry.TaskId] = entry;
            _newestFirst.Add(entry.TaskId);
        }

        return Task.CompletedTask;
    }

    public async Task PublishAsync(TaskSnapshot snapshot)
    {
        if (_entries.TryGetValue(snapshot.TaskId, out var entry) && entry.Version >= snapshot.Version)
        {
            return;
        }

        if (entry is null)
        {
            entry = new TaskIndexEntry { TaskId = snapshot.TaskId };
            _entries[entry.TaskId] = entry;
            _newestFirst.Add(entry.TaskId);
            state.State.Entries.Add(entry);
        }

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

        await state.WriteOrReloadAsync(this);
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "An account watcher of {AccountId} fell {Capacity} updates behind and was dropped")]
    private partial void LogOverflow(string accountId, int capacity);
}
