using Grpc.Core;
using ImageGrid.Contracts.V1;
using ImageGrid.Grains;
using ImageGrid.Grains.TaskIndex;
using ImageGrid.Server.Diagnostics;
using Microsoft.Extensions.Options;

namespace ImageGrid.Server.Grpc;

/// <summary>
/// Writes every task version of one account to a client stream. Re-subscribes when the account's grain deactivates or
/// moves; per task, only versions newer than the last one written go out, so nothing repeats or goes backwards.
/// </summary>
public sealed partial class AccountWatchRelay(IOptions<AccountWatchOptions> options, WatchMetrics metrics, TimeProvider time, ILogger<AccountWatchRelay> logger)
{
    public async Task RelayAsync(IAccountTasksGrain account, string accountId, IServerStreamWriter<TaskUpdate> stream, CancellationToken cancellationToken)
    {
        var capacity = options.Value.AccountBufferCapacity;
        var lastVersions = new Dictionary<string, long>(StringComparer.Ordinal);
        var resubscribe = new GrainRetry(time);
        metrics.StreamOpened(WatchMetrics.WatchTasks);
        try
        {
            while (true)
            {
                try
                {
                    await foreach (var update in account.WatchAsync(capacity, cancellationToken))
                    {
                        if (update.Overflowed)
                        {
                            throw new RpcException(new Status(StatusCode.ResourceExhausted,
                                $"This WatchTasks stream fell more than {capacity} updates behind and was ended. Call WatchTasks again " +
                                "(it starts with every unfinished task's current snapshot) and use ListTasks or GetTask for tasks that finished meanwhile."));
                        }

                        var snapshot = update.Snapshot!;
                        if (lastVersions.GetValueOrDefault(snapshot.TaskId) >= snapshot.Version)
                        {
                            continue;
                        }

                        await stream.WriteAsync(TaskMapper.ToUpdate(snapshot), cancellationToken);
                        resubscribe.Succeeded();
                        // A finished task has no later versions: forgetting it keeps this map to the unfinished tasks.
                        if (snapshot.Status.IsTerminal())
                        {
                            lastVersions.Remove(snapshot.TaskId);
                        }
                        else
                        {
                            lastVersions[snapshot.TaskId] = snapshot.Version;
                        }
                    }

                    return;
                }
                catch (Exception e) when (GrainRetry.IsResumable(e) && !cancellationToken.IsCancellationRequested && resubscribe.NextDelay() is { } delay)
                {
                    LogResubscribing(accountId, e.GetType().Name);
                    metrics.Resubscribed();
                    await Task.Delay(delay, time, cancellationToken);
                }
            }
        }
        finally
        {
            metrics.StreamClosed(WatchMetrics.WatchTasks);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Account watch of {AccountId} interrupted ({Reason}); resubscribing")]
    private partial void LogResubscribing(string accountId, string reason);
}
