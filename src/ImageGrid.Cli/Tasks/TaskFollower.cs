using System.Runtime.CompilerServices;
using Grpc.Core;
using ImageGrid.Contracts.V1;
using ImageGridClient = ImageGrid.Contracts.V1.ImageGrid.ImageGridClient;
using TaskStatus = ImageGrid.Contracts.V1.TaskStatus;

namespace ImageGrid.Cli.Tasks;

/// <summary>
/// Follows a task through WatchTask to its terminal update. A stream that drops before the end (the server restarts,
/// the connection breaks) is called again with after_version = the last version seen, so no update is missed or
/// repeated; it gives up after <see cref="MaxConsecutiveDrops"/> drops in a row without a new update.
/// </summary>
public sealed class TaskFollower(ImageGridClient client, Func<int, TimeSpan>? delayBeforeRetry = null)
{
    public const int MaxConsecutiveDrops = 5;

    private readonly Func<int, TimeSpan> _delayBeforeRetry = delayBeforeRetry ?? DefaultDelay;

    public static bool IsTerminal(TaskStatus status) => status is TaskStatus.Succeeded or TaskStatus.Failed;

    public async IAsyncEnumerable<TaskUpdate> FollowAsync(string taskId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        long lastVersion = 0;
        var drops = 0;
        while (true)
        {
            using (var call = client.WatchTask(new WatchTaskRequest { TaskId = taskId, AfterVersion = lastVersion }, cancellationToken: cancellationToken))
            {
                while (true)
                {
                    var next = await ReadNextAsync(call.ResponseStream, cancellationToken);
                    if (next.Update is not { } update)
                    {
                        if (next.Drop is { } drop && !IsResumable(drop, cancellationToken))
                        {
                            throw drop;
                        }

                        break;
                    }

                    drops = 0;
                    lastVersion = update.Task.Version;
                    yield return update;
                    if (IsTerminal(update.Task.Status))
                    {
                        yield break;
                    }
                }
            }

            // The stream ended or broke before the terminal update.
            if (++drops > MaxConsecutiveDrops)
            {
                throw new RpcException(new Status(StatusCode.Unavailable, $"the watch of {taskId} dropped {MaxConsecutiveDrops + 1} times in a row without an update"));
            }

            await Task.Delay(_delayBeforeRetry(drops), cancellationToken);
        }
    }

    private static async Task<StreamRead> ReadNextAsync(IAsyncStreamReader<TaskUpdate> stream, CancellationToken cancellationToken)
    {
        try
        {
            return await stream.MoveNext(cancellationToken) ? new StreamRead(stream.Current, null) : new StreamRead(null, null);
        }
        catch (RpcException drop)
        {
            return new StreamRead(null, drop);
        }
    }

    /// <summary>Statuses a broken stream or a stopping server ends with; anything else is the server's answer.</summary>
    private static bool IsResumable(RpcException drop, CancellationToken cancellationToken) => drop.StatusCode switch
    {
        StatusCode.Unavailable or StatusCode.Internal or StatusCode.Unknown or StatusCode.Aborted => true,
        StatusCode.Cancelled => !cancellationToken.IsCancellationRequested,
        _ => false,
    };

    private static TimeSpan DefaultDelay(int drops) => TimeSpan.FromMilliseconds(Math.Min(250 * (1 << drops), 5000));

    private readonly record struct StreamRead(TaskUpdate? Update, RpcException? Drop);
}
