using ImageGrid.Grains.References;
using Microsoft.Extensions.Logging;

namespace ImageGrid.Grains.TaskIndex;

/// <summary>
/// The images of an account's succeeded tasks become reference URLs the account may pass on (image-to-image). They are
/// granted off the path a task publishes on, which its credits wait behind; a reference lookup that misses grants
/// whatever is still pending before it answers. One instance per activation of the account's task index.
/// </summary>
internal sealed partial class ResultUrlGrants(IGrainFactory grains, ILogger logger)
{
    private readonly Dictionary<string, TaskSnapshot> _pending = new(StringComparer.Ordinal);

    /// <summary>Starts granting the images of the succeeded snapshots; a failure is logged and they stay pending.</summary>
    public void Start(IEnumerable<TaskSnapshot> snapshots)
    {
        if (Add(snapshots))
        {
            _ = GrantPendingAsync(throwOnFailure: false);
        }
    }

    /// <summary>Grants the images of the succeeded snapshots and of every one still pending, before returning.</summary>
    public Task GrantNowAsync(IEnumerable<TaskSnapshot> snapshots, bool throwOnFailure)
    {
        Add(snapshots);
        return GrantPendingAsync(throwOnFailure);
    }

    private bool Add(IEnumerable<TaskSnapshot> snapshots)
    {
        var added = false;
        foreach (var snapshot in snapshots.Where(snapshot => snapshot.Status == ImageTaskStatus.Succeeded && snapshot.Progress.Images.Length > 0))
        {
            _pending[snapshot.TaskId] = snapshot;
            added = true;
        }

        return added;
    }

    private async Task GrantPendingAsync(bool throwOnFailure)
    {
        var snapshots = _pending.Values.ToList();
        try
        {
            await Task.WhenAll(snapshots.SelectMany(snapshot => snapshot.Progress.Images.Select(image =>
                grains.GetGrain<IReferenceUrlGrain>(ReferenceUrlKey.For(snapshot.AccountId, image.Url))
                    .GrantAsync(new ReferenceUrlGrant { Url = image.Url, Source = snapshot.TaskId }))));
            foreach (var snapshot in snapshots)
            {
                if (_pending.TryGetValue(snapshot.TaskId, out var pending) && ReferenceEquals(pending, snapshot))
                {
                    _pending.Remove(snapshot.TaskId);
                }
            }
        }
        catch (Exception exception) when (!throwOnFailure && exception is not OperationCanceledException)
        {
            LogGrantFailed(snapshots.Count, exception);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not grant the result images of {Count} succeeded tasks as references; they stay pending")]
    private partial void LogGrantFailed(int count, Exception exception);
}
