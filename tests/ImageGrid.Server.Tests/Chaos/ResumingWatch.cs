using Grpc.Core;
using ImageGrid.Contracts.V1;

namespace ImageGrid.Server.Tests.Chaos;

/// <summary>A WatchTask client as a dashboard writes one: when the stream breaks, it calls again from the last version it has.</summary>
public static class ResumingWatch
{
    public static async Task<List<TaskUpdate>> WatchResumingAsync(
        this Contracts.V1.ImageGrid.ImageGridClient client, string taskId, TimeSpan timeout, long afterVersion = 0)
    {
        using var deadline = new CancellationTokenSource(timeout);
        var updates = new List<TaskUpdate>();
        while (true)
        {
            var after = updates.Count > 0 ? updates[^1].Task.Version : afterVersion;
            try
            {
                using var call = client.WatchTask(new WatchTaskRequest { TaskId = taskId, AfterVersion = after }, cancellationToken: deadline.Token);
                await foreach (var update in call.ResponseStream.ReadAllAsync(deadline.Token))
                {
                    updates.Add(update);
                }

                if (updates.Count > 0 && IsTerminal(updates[^1].Task.Status) || updates.Count == 0 && after > 0)
                {
                    return updates;
                }
            }
            catch (RpcException e) when (e.StatusCode is StatusCode.Unavailable or StatusCode.Internal or StatusCode.Unknown && !deadline.IsCancellationRequested)
            {
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), deadline.Token);
        }
    }

    private static bool IsTerminal(Contracts.V1.TaskStatus status) =>
        status is Contracts.V1.TaskStatus.Succeeded or Contracts.V1.TaskStatus.Failed;
}
