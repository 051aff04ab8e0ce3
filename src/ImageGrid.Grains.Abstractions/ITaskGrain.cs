using Orleans.Concurrency;

namespace ImageGrid.Grains;

/// <summary>One grain per ImageGrid task, keyed by the task id: owns the Rivya task id, polls it and pushes every version to watchers.</summary>
public interface ITaskGrain : IGrainWithStringKey
{
    /// <summary>
    /// Reserves the price from the account (nothing else happens when it cannot), persists the task as SUBMITTING, then creates its Rivya task (idempotently, keyed by this task id) and waits up
    /// to the configured deadline for Rivya's acknowledgement. A repeated call returns the task as it is now.
    /// </summary>
    Task<TaskStartResult> StartAsync(TaskSubmission submission);

    /// <summary>
    /// Makes sure an unfinished task is being driven (its activation takes up the drive; a drive whose timer died is
    /// re-armed). Called by the account's reconciler for every open reservation, which is what brings tasks back after a
    /// crash. False when no task has this id.
    /// </summary>
    [AlwaysInterleave]
    Task<bool> ResumeAsync();

    /// <summary>The task as it is now, or null when no task has this id.</summary>
    [AlwaysInterleave]
    Task<TaskSnapshot?> GetAsync();

    /// <summary>
    /// The versions after <paramref name="afterVersion"/> in order (the current snapshot alone when it is 0), then each
    /// new version as it happens; ends after the terminal version. Ends with EnumerationAbortedException when the grain
    /// deactivates: subscribe again from the last version received.
    /// </summary>
    [AlwaysInterleave]
    IAsyncEnumerable<TaskSnapshot> WatchAsync(long afterVersion, CancellationToken cancellationToken = default);
}
