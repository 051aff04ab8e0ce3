using System.Text.Json;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Net.Client;
using ImageGrid.Benchmarks.Infrastructure;
using ImageGrid.Benchmarks.Scenarios;
using ImageGrid.Contracts.V1;
using TaskStatus = ImageGrid.Contracts.V1.TaskStatus;

namespace ImageGrid.Benchmarks.Baselines;

/// <summary>What the bare server's run measured.</summary>
public sealed record BareWatchResult(WatchRecorder Recorder, CpuSplit Cpu, double OpenSeconds, bool OpenTimedOut, IReadOnlyList<BareWatchServer.PublishResponse> Publications);

/// <summary>
/// The harness's side of the bare-server baseline: starts <see cref="BareWatchServer"/> as its own process on loopback,
/// opens the same streams (same plan, same channel pool, same <see cref="WatchRecorder"/>), publishes QUEUED → RUNNING →
/// SUCCEEDED to every task at once, and times each message from its stamp to its arrival exactly as for ImageGrid.
/// </summary>
public static class BareWatchBaseline
{
    private const double Mib = 1024 * 1024;

    public static async Task<BareWatchResult> RunAsync(
        BenchSettings settings,
        IReadOnlyList<(int Index, int Watchers)> plan,
        IReadOnlyDictionary<TaskStatus, TaskUpdate> samples,
        IReadOnlyDictionary<TaskStatus, Dictionary<string, double>>? offsetsMs,
        string logDirectory,
        CancellationToken cancellationToken)
    {
        var how = offsetsMs is null ? "at once" : "at ImageGrid's transition times";
        var url = $"http://127.0.0.1:{FreePort.Next()}";
        await using var server = StartServer(url, logDirectory);
        using var control = GrpcChannel.ForAddress(url);
        var invoker = control.CreateCallInvoker();
        var publications = new List<BareWatchServer.PublishResponse>();

        // The opening snapshot, published before any stream names a task: the readiness check as well.
        var queued = Template(samples, TaskStatus.Unspecified, TaskStatus.Queued);
        var readyBy = DateTime.UtcNow + settings.StartupTimeout;
        while (true)
        {
            server.ThrowIfExited();
            try
            {
                await PublishAsync(invoker, queued, null, TimeSpan.FromSeconds(5), cancellationToken);
                break;
            }
            catch (RpcException) when (DateTime.UtcNow < readyBy)
            {
                await Task.Delay(100, cancellationToken);
            }
        }

        using var channels = new GrpcChannelPool([url], settings.Channels, "bare");
        using var watching = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var recorder = new WatchRecorder();
        var harnessBefore = ProcStats.Self();
        var serverBefore = server.Sample();
        var started = DateTime.UtcNow;
        var opened = await WatchOpening.OpenAsync(recorder, channels, plan, TaskId, settings.WatchOpenConcurrency,
            DateTime.UtcNow + settings.WatchQueued + settings.WatchRunning, watching.Token, cancellationToken);
        Console.WriteLine($"    bare server: {recorder.Opened} streams open in {opened.Seconds:0.0} s; publishing RUNNING, then SUCCEEDED, to every task {how}");

        // Let the opening settle as ImageGrid's streams do while they wait for the transition.
        await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
        var streams = recorder.Opened;
        foreach (var (status, expected) in new[] { (TaskStatus.Running, streams), (TaskStatus.Succeeded, 2 * streams) })
        {
            publications.Add(await PublishAsync(invoker, Template(samples, status, status), offsetsMs?.GetValueOrDefault(status), TimeSpan.FromSeconds(60), cancellationToken));
            var until = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            while (recorder.Received < expected && DateTime.UtcNow < until)
            {
                await Task.Delay(50, cancellationToken);
            }

            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        }

        try
        {
            await Task.WhenAll(opened.Watchers).WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
        }
        catch (TimeoutException)
        {
            await watching.CancelAsync();
            await Task.WhenAll(opened.Watchers);
        }

        var harnessAfter = ProcStats.Self();
        var serverAfter = server.Sample();
        var cpu = new CpuSplit(
            $"bare gRPC server: the same streams and messages, pre-serialized, {how}",
            Math.Round((DateTime.UtcNow - started).TotalSeconds, 2),
            Environment.ProcessorCount,
            Math.Round((harnessAfter.Cpu - harnessBefore.Cpu).TotalSeconds, 2),
            Math.Round((serverAfter.Cpu - serverBefore.Cpu).TotalSeconds, 2),
            0,
            serverAfter.RssBytes / Mib,
            0,
            harnessAfter.RssBytes / Mib);
        return new BareWatchResult(recorder, cpu, opened.Seconds, opened.TimedOut, publications);
    }

    public static string TaskId(int index) => $"bare-{index:D5}";

    /// <summary>
    /// When each task's version went out in ImageGrid's run, per status, as milliseconds after the first of that
    /// status, keyed by the bare server's task ids: its burst replayed with the same spread.
    /// </summary>
    public static Dictionary<TaskStatus, Dictionary<string, double>> OffsetsOf(WatchRecorder recorder)
    {
        var offsets = new Dictionary<TaskStatus, Dictionary<string, double>>();
        foreach (var status in new[] { TaskStatus.Running, TaskStatus.Succeeded })
        {
            var stamps = recorder.Receipts.Where(r => r.Status == status)
                .GroupBy(r => r.TaskIndex)
                .ToDictionary(g => g.Key, g => g.First().UpdatedAtUtc);
            if (stamps.Count > 0)
            {
                var first = stamps.Values.Min();
                offsets[status] = stamps.ToDictionary(x => TaskId(x.Key), x => (x.Value - first).TotalMilliseconds);
            }
        }

        return offsets;
    }

    /// <summary>
    /// The bare process runs on server GC, as ImageGrid's server does (the Web SDK's default); the harness's own
    /// setting stays as it is.
    /// </summary>
    private static ChildProcess StartServer(string url, string logDirectory)
    {
        const string ServerGc = "DOTNET_gcServer";
        var previous = Environment.GetEnvironmentVariable(ServerGc);
        Environment.SetEnvironmentVariable(ServerGc, "1");
        try
        {
            return ChildProcess.Start("watch-bare-server", "ImageGrid.Benchmarks.dll", [BareWatchServer.Verb, $"--urls={url}"], logDirectory);
        }
        finally
        {
            Environment.SetEnvironmentVariable(ServerGc, previous);
        }
    }

    /// <summary>The message ImageGrid sent for this status (same size and content), or a stand-in when there was none.</summary>
    private static TaskUpdate Template(IReadOnlyDictionary<TaskStatus, TaskUpdate> samples, TaskStatus kind, TaskStatus status)
    {
        if (samples.TryGetValue(kind, out var sample))
        {
            return sample.Clone();
        }

        var request = Load.ImageRequest("Benchmark watch: a quiet harbour at night");
        return new TaskUpdate
        {
            PreviousStatus = kind == TaskStatus.Unspecified ? TaskStatus.Unspecified : status == TaskStatus.Running ? TaskStatus.Queued : TaskStatus.Running,
            Task = new ImageTask
            {
                Status = status,
                Model = request.Model,
                Prompt = request.Prompt,
                Params = request.Params,
                RivyaTaskId = "rv_task_0123456789abcdef",
                ReservedCredits = 3,
                CreatedAt = Timestamp.FromDateTime(DateTime.UtcNow),
                UpdatedAt = Timestamp.FromDateTime(DateTime.UtcNow),
            },
        };
    }

    private static async Task<BareWatchServer.PublishResponse> PublishAsync(
        CallInvoker invoker, TaskUpdate template, Dictionary<string, double>? offsetsMs, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var request = JsonSerializer.SerializeToUtf8Bytes(new BareWatchServer.PublishRequest(Convert.ToBase64String(template.ToByteArray()), offsetsMs));
        var answer = await invoker.AsyncUnaryCall(BareWatchServer.Publish, null, new CallOptions(deadline: DateTime.UtcNow + timeout, cancellationToken: cancellationToken), request);
        return JsonSerializer.Deserialize<BareWatchServer.PublishResponse>(answer)!;
    }
}
