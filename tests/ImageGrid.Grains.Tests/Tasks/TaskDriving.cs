using System.Collections.Immutable;
using ImageGrid.Grains.Accounts;

namespace ImageGrid.Grains.Tests.Tasks;

/// <summary>Starting task grains and following them to their end, as the gRPC edge does.</summary>
public static class TaskDriving
{
    public static readonly TimeSpan EndBound = TimeSpan.FromSeconds(60);

    public static string NewTaskId() => $"tsk_{Guid.NewGuid():N}";

    public static TaskSubmission Submission(IAccountGrain account, string prompt = "a lighthouse at dawn") => new()
    {
        AccountId = account.GetPrimaryKeyString(),
        Request = new ImageRequest
        {
            Model = "gpt-image-2",
            Prompt = prompt,
            Parameters = ImmutableSortedDictionary.CreateRange(new Dictionary<string, string> { ["aspect_ratio"] = "1:1", ["resolution"] = "1K" }),
        },
        Price = 3,
    };

    /// <summary>
    /// Every version from the first, re-subscribing from the last one received when the grain deactivates (as the gRPC
    /// edge does), until the terminal one.
    /// </summary>
    public static async Task<List<TaskSnapshot>> WatchToEndAsync(ITaskGrain grain, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        var seen = new List<TaskSnapshot>();
        while (true)
        {
            try
            {
                await foreach (var snapshot in grain.WatchAsync(seen.Count > 0 ? seen[^1].Version : 0, deadline.Token))
                {
                    seen.Add(snapshot);
                    if (snapshot.Status.IsTerminal())
                    {
                        return seen;
                    }
                }
            }
            catch (EnumerationAbortedException)
            {
            }
            catch (OrleansException) when (!deadline.IsCancellationRequested)
            {
                // The grain could not be activated just now (storage); a watcher tries again.
                await Task.Delay(TimeSpan.FromMilliseconds(100), deadline.Token);
            }

            deadline.Token.ThrowIfCancellationRequested();
        }
    }

    /// <summary>Waits until <paramref name="condition"/> holds, checking every 50 ms, or fails after <paramref name="timeout"/>.</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (!await condition())
        {
            if (deadline.IsCancellationRequested)
            {
                Assert.Fail($"Not within {timeout}: {what}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), CancellationToken.None);
        }
    }

    /// <summary>Versions n, n+1, ... from the snapshot the watcher was given, with no gap and no repeat, ending terminal.</summary>
    public static void AssertCompleteSequence(IReadOnlyList<TaskSnapshot> versions)
    {
        Assert.Equal(Enumerable.Range((int)versions[0].Version, versions.Count).Select(v => (long)v), versions.Select(v => v.Version));
        Assert.True(versions[^1].Status.IsTerminal());
    }
}
