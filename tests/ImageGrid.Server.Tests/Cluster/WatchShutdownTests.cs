using System.Diagnostics;
using Grpc.Core;
using Grpc.Core.Interceptors;
using ImageGrid.Contracts.V1;
using ImageGrid.Server.Tests.Infrastructure;
using Xunit.Abstractions;

namespace ImageGrid.Server.Tests.Cluster;

/// <summary>A memory-mode server in its own process, sent SIGTERM while watch streams are open.</summary>
public sealed class WatchShutdownTests(ITestOutputHelper output)
{
    private const string Key = "igk_shutdown_demo_key";

    /// <summary>Far below the host's default HostOptions:ShutdownTimeout (30 s), far above the expected 1 s or so.</summary>
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task SIGTERM_ends_open_watch_streams_with_UNAVAILABLE_at_once_and_the_silo_leaves_gracefully()
    {
        await using var server = await StartServerAsync("watch-shutdown");
        var client = Client(server);
        var task = await client.CreateImageAsync(new CreateImageRequest { Prompt = "held through the shutdown" });
        var deadline = DateTime.UtcNow + Watching.Timeout;
        using var accountWatch = client.WatchTasks(new WatchTasksRequest(), deadline: deadline);
        using var taskWatch = client.WatchTask(new WatchTaskRequest { TaskId = task.Id }, deadline: deadline);
        // Both streams are open on the server once each has carried the task's snapshot.
        foreach (var stream in new[] { accountWatch.ResponseStream, taskWatch.ResponseStream })
        {
            Assert.True(await stream.MoveNext());
            Assert.Equal(task.Id, stream.Current.Task.Id);
        }

        var clock = Stopwatch.StartNew();
        var terminated = server.TerminateAsync(TimeSpan.FromSeconds(60));
        var ends = await Task.WhenAll(EndAsync(accountWatch.ResponseStream, clock), EndAsync(taskWatch.ResponseStream, clock));
        await terminated;
        var shutdown = clock.Elapsed;
        output.WriteLine($"WatchTasks ended after {ends[0].After.TotalMilliseconds:F0} ms, WatchTask after {ends[1].After.TotalMilliseconds:F0} ms, " +
            $"the process exited after {shutdown.TotalMilliseconds:F0} ms");

        Assert.All(ends, end =>
        {
            Assert.Equal(StatusCode.Unavailable, end.Error.StatusCode);
            Assert.Contains("after_version", end.Error.Status.Detail);
            Assert.True(end.After < Bound, $"the stream ended {end.After} after SIGTERM");
        });
        Assert.True(shutdown < Bound, $"the server took {shutdown} to stop");
        AssertLeftGracefully(server);
    }

    [Fact]
    public async Task A_call_that_never_ends_holds_the_shutdown_only_for_the_drain_share_and_the_silo_still_leaves_gracefully()
    {
        await using var server = await StartServerAsync("stuck-call-shutdown");
        var client = Client(server);
        using var upload = client.UploadReference();
        await upload.RequestStream.WriteAsync(new UploadReferenceRequest { Metadata = Uploading.Metadata("never-ends.png", "image/png") });
        // A connection's frames are handled in order: once a later call is answered, the upload's stream is open.
        await client.GetBalanceAsync(new GetBalanceRequest());

        var clock = Stopwatch.StartNew();
        await server.TerminateAsync(TimeSpan.FromSeconds(60));
        var shutdown = clock.Elapsed;
        output.WriteLine($"the process exited after {shutdown.TotalMilliseconds:F0} ms");

        // The drain gets a third of the default 30 s; without that bound the call holds the whole 30 s.
        Assert.True(shutdown < TimeSpan.FromSeconds(25), $"the server took {shutdown} to stop");
        AssertLeftGracefully(server);
    }

    private static Task<SiloProcess> StartServerAsync(string name) => SiloProcess.StartAsync(name,
    [
        $"--Orleans:SiloPort={FreePort.Next()}",
        $"--Orleans:GatewayPort={FreePort.Next()}",
        $"--Orleans:ClusterId=shutdown-{Guid.NewGuid():N}",
        $"--Demo:ApiKey={Key}",
        // The embedded simulator keeps every task queued, so the streams stay open until the server ends them.
        "--Simulator:QueuedDuration=00:10:00",
        "--Logging:LogLevel:Default=Warning",
        // Orleans logs "Silo shutdown completed (graceful)" (or "non-graceful") at Debug.
        "--Logging:LogLevel:Orleans.Runtime.Silo=Debug",
    ], TimeSpan.FromSeconds(90));

    private static Contracts.V1.ImageGrid.ImageGridClient Client(SiloProcess server) =>
        new(server.Channel.Intercept(metadata =>
        {
            metadata.Add("authorization", $"Bearer {Key}");
            return metadata;
        }));

    private static void AssertLeftGracefully(SiloProcess server)
    {
        Assert.Contains(server.Output, line => line.Contains("Silo shutdown completed (graceful)", StringComparison.Ordinal));
        Assert.DoesNotContain(server.Output, line => line.Contains("non-graceful", StringComparison.Ordinal));
    }

    private static async Task<(RpcException Error, TimeSpan After)> EndAsync(IAsyncStreamReader<TaskUpdate> stream, Stopwatch clock)
    {
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            while (await stream.MoveNext())
            {
            }
        });
        return (error, clock.Elapsed);
    }
}
