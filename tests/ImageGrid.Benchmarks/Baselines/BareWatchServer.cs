using System.Collections.Concurrent;
using System.Text.Json;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;
using ImageGrid.Contracts.V1;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TaskStatus = ImageGrid.Contracts.V1.TaskStatus;

namespace ImageGrid.Benchmarks.Baselines;

/// <summary>
/// The watch scenario's floor: a bare Kestrel + grpc-dotnet server (its own process, started by the harness as
/// <c>ImageGrid.Benchmarks.dll bare-watch-server --urls=...</c>) that serves <c>imagegrid.v1.ImageGrid/WatchTask</c> with
/// nothing behind it. Every stream gets its task's current message, then each new version of its task, and ends after
/// the terminal one, as ImageGrid's do. A version is stamped (<c>task.updated_at</c>) and serialized once per task when
/// the harness publishes it, and the same bytes are written to every stream of that task; there is no grain, no
/// storage, no mapping, no per-watcher copy: what is left is Kestrel's HTTP/2 and gRPC framing, the thread pool, and
/// the client.
/// </summary>
public static class BareWatchServer
{
    public const string Verb = "bare-watch-server";

    public const string ControlService = "imagegrid.bench.BareWatch";

    /// <summary>Kestrel's default, as ImageGrid keeps it: the client opens more connections past 100 streams.</summary>
    public const int MaxStreamsPerConnection = 100;

    /// <summary>Pre-serialized messages: the marshaller writes the bytes as they are.</summary>
    public static readonly Marshaller<byte[]> Bytes = Marshallers.Create<byte[]>(
        (payload, context) => context.Complete(payload),
        context => context.PayloadAsNewBuffer());

    public static readonly Method<WatchTaskRequest, byte[]> WatchTask = new(
        MethodType.ServerStreaming,
        "imagegrid.v1.ImageGrid",
        "WatchTask",
        new Marshaller<WatchTaskRequest>(
            (request, context) => context.Complete(request.ToByteArray()),
            context => WatchTaskRequest.Parser.ParseFrom(context.PayloadAsReadOnlySequence())),
        Bytes);

    /// <summary>Publishes one version to every task (a <see cref="PublishRequest"/> as JSON); answers when all are published.</summary>
    public static readonly Method<byte[], byte[]> Publish = new(MethodType.Unary, ControlService, "Publish", Bytes, Bytes);

    public static async Task<int> RunAsync(string[] args)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.ConfigureEndpointDefaults(endpoint => endpoint.Protocols = HttpProtocols.Http2);
            kestrel.Limits.Http2.MaxStreamsPerConnection = MaxStreamsPerConnection;
        });
        builder.Services.AddGrpc();
        builder.Services.AddSingleton<BareTasks>();
        builder.Services.AddSingleton<IServiceMethodProvider<BareWatchService>, BareWatchMethods>();
        var app = builder.Build();
        app.MapGrpcService<BareWatchService>();
        await app.RunAsync();
        return 0;
    }

    /// <summary>What the harness publishes: a message of real size, its status, and when each task's copy goes out.</summary>
    /// <param name="Template">A <see cref="TaskUpdate"/> as ImageGrid sent it (base64 of its bytes); each task's copy gets its id, version and stamp.</param>
    /// <param name="OffsetsMs">Per task id, milliseconds after the publication starts; tasks not listed go at once.</param>
    public sealed record PublishRequest(string Template, Dictionary<string, double>? OffsetsMs = null);

    public sealed record PublishResponse(int Tasks, double SerializeMs, double SpreadMs);
}

/// <summary>The type grpc-dotnet activates per call; its methods are bound by <see cref="BareWatchMethods"/>.</summary>
public sealed class BareWatchService(BareTasks tasks)
{
    public async Task WatchTaskAsync(WatchTaskRequest request, IServerStreamWriter<byte[]> stream, ServerCallContext context)
    {
        var version = tasks.Get(request.TaskId).Current;
        // The current version opens the stream as a snapshot (previous status unspecified), like ImageGrid's.
        await stream.WriteAsync(version.Snapshot, context.CancellationToken);
        while (!version.Terminal)
        {
            version = await version.Next.Task.WaitAsync(context.CancellationToken);
            await stream.WriteAsync(version.Update, context.CancellationToken);
        }
    }

    public async Task<byte[]> PublishAsync(byte[] request, ServerCallContext context)
    {
        var publish = JsonSerializer.Deserialize<BareWatchServer.PublishRequest>(request)
            ?? throw new RpcException(new Status(StatusCode.InvalidArgument, "no publish request"));
        var response = await tasks.PublishAsync(TaskUpdate.Parser.ParseFrom(Convert.FromBase64String(publish.Template)), publish.OffsetsMs, context.CancellationToken);
        return JsonSerializer.SerializeToUtf8Bytes(response);
    }
}

public sealed class BareWatchMethods : IServiceMethodProvider<BareWatchService>
{
    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<BareWatchService> context)
    {
        context.AddServerStreamingMethod(BareWatchServer.WatchTask, [], (service, request, stream, call) => service.WatchTaskAsync(request, stream, call));
        context.AddUnaryMethod(BareWatchServer.Publish, [], (service, request, call) => service.PublishAsync(request, call));
    }
}

/// <summary>One version of a bare task: its bytes as a live update (and, built on first use, as an opening snapshot), and the next version once published.</summary>
public sealed class BareVersion(TaskUpdate message, long number)
{
    private byte[]? _snapshot;

    public long Number { get; } = number;

    public byte[] Update { get; } = message.ToByteArray();

    public byte[] Snapshot => _snapshot ??= SnapshotOf(message);

    public bool Terminal { get; } = message.Task.Status is TaskStatus.Succeeded or TaskStatus.Failed;

    public TaskCompletionSource<BareVersion> Next { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static byte[] SnapshotOf(TaskUpdate message)
    {
        var snapshot = message.Clone();
        snapshot.PreviousStatus = TaskStatus.Unspecified;
        return snapshot.ToByteArray();
    }
}

/// <summary>The bare server's tasks, created by the first stream that names one, from the last published template.</summary>
public sealed class BareTasks
{
    private readonly ConcurrentDictionary<string, BareTask> _tasks = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private TaskUpdate _current = new() { Task = new ImageTask { Status = TaskStatus.Queued, Version = 1, UpdatedAt = Timestamp.FromDateTime(DateTime.UtcNow) } };

    public BareTask Get(string taskId)
    {
        if (_tasks.TryGetValue(taskId, out var task))
        {
            return task;
        }

        lock (_lock)
        {
            return _tasks.GetOrAdd(taskId, id => new BareTask(Serialize(_current, id, _current.Task.Version, _current.Task.UpdatedAt)));
        }
    }

    public async Task<BareWatchServer.PublishResponse> PublishAsync(TaskUpdate template, Dictionary<string, double>? offsetsMs, CancellationToken cancellationToken)
    {
        KeyValuePair<string, BareTask>[] tasks;
        lock (_lock)
        {
            _current = template.Clone();
            tasks = [.. _tasks];
        }

        // Tasks grouped by when they go out; all at once unless offsets were given.
        var groups = tasks
            .GroupBy(t => offsetsMs is not null && offsetsMs.TryGetValue(t.Key, out var offset) ? Math.Max(0, offset) : 0)
            .OrderBy(g => g.Key)
            .ToList();
        var started = DateTime.UtcNow;
        double serializeMs = 0;
        foreach (var group in groups)
        {
            var due = started.AddMilliseconds(group.Key);
            if (due > DateTime.UtcNow)
            {
                await Task.Delay(due - DateTime.UtcNow, cancellationToken);
            }

            // Stamp, serialize once per task, then release every stream of every task in the group.
            var stamp = Timestamp.FromDateTime(DateTime.UtcNow);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var versions = group.Select(t => (Task: t.Value, Version: Serialize(template, t.Key, t.Value.Current.Number + 1, stamp))).ToList();
            serializeMs += clock.Elapsed.TotalMilliseconds;
            foreach (var (task, version) in versions)
            {
                task.Advance(version);
            }
        }

        return new BareWatchServer.PublishResponse(tasks.Length, Math.Round(serializeMs, 2), Math.Round((DateTime.UtcNow - started).TotalMilliseconds, 1));
    }

    private static BareVersion Serialize(TaskUpdate template, string taskId, long number, Timestamp stamp)
    {
        var update = template.Clone();
        update.Task.Id = taskId;
        update.Task.Version = number;
        update.Task.UpdatedAt = stamp;
        return new BareVersion(update, number);
    }
}

public sealed class BareTask(BareVersion first)
{
    private BareVersion _current = first;

    public BareVersion Current => Volatile.Read(ref _current);

    public void Advance(BareVersion next)
    {
        var previous = Interlocked.Exchange(ref _current, next);
        previous.Next.TrySetResult(next);
    }
}
