using Grpc.Core;
using ImageGrid.Cli.Tasks;
using ImageGrid.Contracts.V1;
using TaskStatus = ImageGrid.Contracts.V1.TaskStatus;

namespace ImageGrid.Cli.Tests.Unit;

/// <summary>The watch's resumption, against a scripted WatchTask whose streams break where the test says.</summary>
public sealed class TaskFollowerTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_dropped_stream_is_called_again_after_the_last_version_seen_and_nothing_repeats()
    {
        var client = new ScriptedWatchClient(
            [Update(1, TaskStatus.Queued), Update(2, TaskStatus.Running), Drop(StatusCode.Unavailable)],
            [Update(3, TaskStatus.Succeeded)]);

        var updates = await FollowAsync(client);

        Assert.Equal([0L, 2L], client.AfterVersions);
        Assert.Equal([1L, 2L, 3L], updates.Select(u => u.Task.Version));
    }

    [Fact]
    public async Task A_stream_that_ends_before_the_terminal_update_is_resumed_too()
    {
        var client = new ScriptedWatchClient([Update(4, TaskStatus.Queued)], [], [Update(5, TaskStatus.Failed)]);

        var updates = await FollowAsync(client);

        Assert.Equal([0L, 4L, 4L], client.AfterVersions);
        Assert.Equal([4L, 5L], updates.Select(u => u.Task.Version));
    }

    [Fact]
    public async Task The_servers_answer_is_not_retried()
    {
        var client = new ScriptedWatchClient([Drop(StatusCode.NotFound)]);

        var error = await Assert.ThrowsAsync<RpcException>(() => FollowAsync(client));

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
        Assert.Equal([0L], client.AfterVersions);
    }

    [Fact]
    public async Task It_gives_up_after_too_many_drops_in_a_row()
    {
        var streams = Enumerable.Repeat<IReadOnlyList<object>>([Drop(StatusCode.Unavailable)], TaskFollower.MaxConsecutiveDrops + 1).ToArray();
        var client = new ScriptedWatchClient(streams);

        var error = await Assert.ThrowsAsync<RpcException>(() => FollowAsync(client));

        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        Assert.Equal(TaskFollower.MaxConsecutiveDrops + 1, client.AfterVersions.Count);
    }

    private static async Task<List<TaskUpdate>> FollowAsync(ScriptedWatchClient client)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        var updates = new List<TaskUpdate>();
        await foreach (var update in new TaskFollower(client, _ => TimeSpan.Zero).FollowAsync("tsk_test", timeout.Token))
        {
            updates.Add(update);
        }

        return updates;
    }

    private static TaskUpdate Update(long version, TaskStatus status) =>
        new() { Task = new ImageTask { Id = "tsk_test", Version = version, Status = status } };

    private static RpcException Drop(StatusCode code) => new(new Status(code, "scripted"));

    /// <summary>Each WatchTask call plays the next script: updates, then (optionally) an error that breaks the stream.</summary>
    private sealed class ScriptedWatchClient(params IReadOnlyList<object>[] streams) : Contracts.V1.ImageGrid.ImageGridClient
    {
        private int _calls;

        public List<long> AfterVersions { get; } = [];

        public override AsyncServerStreamingCall<TaskUpdate> WatchTask(WatchTaskRequest request, CallOptions options)
        {
            AfterVersions.Add(request.AfterVersion);
            var script = streams[_calls++];
            return new AsyncServerStreamingCall<TaskUpdate>(
                new ScriptedStream(script), Task.FromResult(new Metadata()), () => Status.DefaultSuccess, () => [], () => { });
        }
    }

    private sealed class ScriptedStream(IReadOnlyList<object> script) : IAsyncStreamReader<TaskUpdate>
    {
        private int _next;

        public TaskUpdate Current { get; private set; } = null!;

        public Task<bool> MoveNext(CancellationToken cancellationToken)
        {
            if (_next == script.Count)
            {
                return Task.FromResult(false);
            }

            switch (script[_next++])
            {
                case TaskUpdate update:
                    Current = update;
                    return Task.FromResult(true);
                case RpcException drop:
                    return Task.FromException<bool>(drop);
                default:
                    throw new InvalidOperationException("a script holds updates and errors only");
            }
        }
    }
}
