using System.Collections.Immutable;
using Orleans.Concurrency;

namespace ImageGrid.Grains.TaskIndex;

/// <summary>
/// One grain per account (keyed by account id): the index of its tasks for listing, and the fan-out of every task
/// version to the account's watchers.
/// </summary>
public interface IAccountTasksGrain : IGrainWithStringKey
{
    /// <summary>
    /// Records new versions of tasks, of one task or several (each task's oldest first; versions already recorded are
    /// skipped), and hands each to every watcher of the account. Only a terminal version is stored (one write per
    /// segment touched, however many tasks): an unfinished task is known from the account's open reservations, which
    /// the index reads back when it activates.
    /// </summary>
    Task PublishAsync(ImmutableArray<TaskSnapshot> versions);

    /// <summary>
    /// Which of <paramref name="urls"/> are images of this account's succeeded tasks, including tasks that succeeded a
    /// moment ago: a task's watchers learn of its success before the index does, and may pass an image on at once.
    /// </summary>
    [AlwaysInterleave]
    Task<ImmutableArray<string>> FindOwnResultsAsync(ImmutableArray<string> urls);

    /// <summary>Task ids newest first, older than <paramref name="beforeTaskId"/> when given, optionally of one status.</summary>
    [AlwaysInterleave]
    Task<TaskIndexPage> ListAsync(ImageTaskStatus? status, string? beforeTaskId, int pageSize);

    /// <summary>
    /// The current snapshot of each unfinished task, then every new version of any task. Holds at most
    /// <paramref name="bufferCapacity"/> undelivered updates: past that, ends with one <see cref="AccountTaskEvent.Overflowed"/> event.
    /// </summary>
    [AlwaysInterleave]
    IAsyncEnumerable<AccountTaskEvent> WatchAsync(int bufferCapacity, CancellationToken cancellationToken = default);
}

[GenerateSerializer, Immutable, Alias("imagegrid.TaskIndexPage")]
public sealed record TaskIndexPage
{
    [Id(0)] public ImmutableArray<string> TaskIds { get; init; } = [];
    /// <summary>Where the next page starts; null on the last page.</summary>
    [Id(1)] public string? NextBeforeTaskId { get; init; }
}

[GenerateSerializer, Immutable, Alias("imagegrid.AccountTaskEvent")]
public sealed record AccountTaskEvent
{
    [Id(0)] public TaskSnapshot? Snapshot { get; init; }
    /// <summary>The watcher fell too far behind and was dropped; nothing follows.</summary>
    [Id(1)] public bool Overflowed { get; init; }
}
