using Grpc.Core;
using ImageGrid.Contracts.V1;

namespace ImageGrid.Server.Tests.Infrastructure;

/// <summary>Reads WatchTask streams to their end, bounded by a generous timeout.</summary>
public static class Watching
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public static async Task<List<TaskUpdate>> WatchToEndAsync(
        this Contracts.V1.ImageGrid.ImageGridClient client, string taskId, long afterVersion = 0, Action<TaskUpdate>? onUpdate = null)
    {
        using var call = client.WatchTask(new WatchTaskRequest { TaskId = taskId, AfterVersion = afterVersion }, deadline: DateTime.UtcNow + Timeout);
        var updates = new List<TaskUpdate>();
        await foreach (var update in call.ResponseStream.ReadAllAsync())
        {
            updates.Add(update);
            onUpdate?.Invoke(update);
        }

        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
        return updates;
    }

    public static bool IsTerminal(this Contracts.V1.TaskStatus status) =>
        status is Contracts.V1.TaskStatus.Succeeded or Contracts.V1.TaskStatus.Failed;

    /// <summary>Versions go up by exactly one from the first update to the last, which is terminal.</summary>
    public static void AssertCompleteSequence(IReadOnlyList<TaskUpdate> updates, long firstVersion)
    {
        Assert.NotEmpty(updates);
        Assert.Equal(Enumerable.Range(0, updates.Count).Select(i => firstVersion + i), updates.Select(u => u.Task.Version));
        Assert.True(updates[^1].Task.Status.IsTerminal(), $"the last update is {updates[^1].Task.Status}");
        for (var i = 1; i < updates.Count; i++)
        {
            Assert.Equal(updates[i - 1].Task.Status, updates[i].PreviousStatus);
        }
    }
}
