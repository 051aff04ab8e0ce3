using System.Globalization;
using System.Security.Cryptography;
using Grpc.Core;
using Grpc.Health.V1;

namespace ImageGrid.Benchmarks.Infrastructure;

/// <summary>How one scenario's pair of processes is configured.</summary>
/// <param name="Queued">Simulator: how long every task stays queued.</param>
/// <param name="Running">Simulator: how long every task then runs.</param>
/// <param name="ServerArguments">Extra <c>--Key=Value</c> settings for the server (e.g. the polling schedule).</param>
/// <param name="SimulatorArguments">Extra <c>--Simulator:Key=Value</c> settings for the simulator; they override the harness's
/// own (e.g. its rate limit, which the harness otherwise raises out of the way).</param>
/// <param name="Servers">ImageGrid servers (silos of one cluster); more than one runs on Azure Storage (<see cref="BenchStack.StorageVariable"/>).</param>
/// <param name="AzureStorage">Run on Azure Storage (grain state, reminders, membership) even with one server: production's mode.</param>
/// <param name="CountStorageRequests">Put a <see cref="StorageCountingProxy"/> between the servers and Azurite (with Azure Storage only).</param>
public sealed record StackOptions(
    string Name,
    TimeSpan Queued,
    TimeSpan Running,
    IReadOnlyList<string> ServerArguments,
    IReadOnlyList<string>? SimulatorArguments = null,
    int Servers = 1,
    bool AzureStorage = false,
    bool CountStorageRequests = false)
{
    public bool OnAzureStorage => AzureStorage || Servers > 1;
}

/// <summary>
/// The system under test for one scenario: the Rivya simulator and the ImageGrid server (or several silos of one
/// cluster on Azure Storage), each its own process on loopback, started fresh so that every scenario's memory and
/// counters start from the same place. Disposing kills them all.
/// </summary>
public sealed class BenchStack : IAsyncDisposable
{
    /// <summary>
    /// The simulator's rate limit and the server's Rivya budget cap (requests/s) in every scenario that does not set its
    /// own: raised together out of the way, so that the benchmark measures ImageGrid rather than Rivya's limit.
    /// </summary>
    public const int RaisedRivyaLimit = 10_000_000;

    /// <summary>The Azure Storage connection string for a stack of several servers (default: Azurite's).</summary>
    public const string StorageVariable = "IMAGEGRID_TEST_AZURE_STORAGE";

    private BenchStack(
        ChildProcess simulator, IReadOnlyList<ChildProcess> servers, SimulatorClient simulatorClient, GrpcChannelPool channels, string serverUrl, string demoKey,
        string serverRivyaKey, StorageCountingProxy? storageProxy)
    {
        StorageProxy = storageProxy;
        ServerRivyaKey = serverRivyaKey;
        Simulator = simulator;
        Servers = servers;
        SimulatorClient = simulatorClient;
        Channels = channels;
        ServerUrl = serverUrl;
        DemoKey = demoKey;
    }

    public ChildProcess Simulator { get; }

    /// <summary>The first (or only) server.</summary>
    public ChildProcess Server => Servers[0];

    public IReadOnlyList<ChildProcess> Servers { get; }

    /// <summary>Control API and the direct (baseline) caller's REST access, with its own Rivya key.</summary>
    public SimulatorClient SimulatorClient { get; }

    /// <summary>gRPC channels to the servers (round robin over them), authenticated as the demo account.</summary>
    public GrpcChannelPool Channels { get; }

    /// <summary>The first server's gRPC address.</summary>
    public string ServerUrl { get; }

    public string DemoKey { get; }

    /// <summary>The Rivya key the harness gave the server (a throw-away key of this run's simulator).</summary>
    public string ServerRivyaKey { get; }

    /// <summary>The proxy that counts the servers' storage requests, when the options asked for it.</summary>
    public StorageCountingProxy? StorageProxy { get; }

    public static async Task<BenchStack> StartAsync(StackOptions options, int channelCount, string logDirectory, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var simulatorUrl = $"http://127.0.0.1:{FreePort.Next()}";
        var serverUrls = Enumerable.Range(0, options.Servers).Select(_ => $"http://127.0.0.1:{FreePort.Next()}").ToList();
        var serverRivyaKey = "sim_server_" + RandomHex();
        var directRivyaKey = "sim_direct_" + RandomHex();
        var demoKey = "igk_bench_" + RandomHex();

        ChildProcess? simulator = null;
        var servers = new List<ChildProcess>();
        SimulatorClient? simulatorClient = null;
        GrpcChannelPool? channels = null;
        StorageCountingProxy? storageProxy = null;
        try
        {
            if (options.CountStorageRequests)
            {
                storageProxy = options.OnAzureStorage
                    ? StorageCountingProxy.Start()
                    : throw new ArgumentException("counting storage requests needs Azure Storage", nameof(options));
            }

            simulator = ChildProcess.Start($"{options.Name}-simulator", "ImageGrid.Rivya.Simulator.dll",
            [
                $"--urls={simulatorUrl}",
                $"--Simulator:ApiKeys:0={serverRivyaKey}",
                $"--Simulator:ApiKeys:1={directRivyaKey}",
                $"--Simulator:QueuedDuration={Format(options.Queued)}",
                $"--Simulator:RunningDuration={Format(options.Running)}",
                // The benchmark measures ImageGrid, not Rivya's per-key rate limit: raise it out of the way.
                $"--Simulator:RateLimitPermitsPerSecond={RaisedRivyaLimit}",
                $"--Simulator:RateLimitBurst={RaisedRivyaLimit}",
                "--Simulator:InitialCredits=2000000000",
                "--Logging:LogLevel:Default=Warning",
                // The command line's last value of a key wins.
                .. options.SimulatorArguments ?? [],
            ], logDirectory);

            var http = new HttpClient(new SocketsHttpHandler
            {
                MaxConnectionsPerServer = int.MaxValue,
                PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
                ConnectTimeout = TimeSpan.FromSeconds(10),
            })
            {
                BaseAddress = new Uri(simulatorUrl + "/"),
                Timeout = TimeSpan.FromSeconds(30),
            };
            simulatorClient = new SimulatorClient(http, directRivyaKey);

            var cluster = ClusterArguments(options, RandomHex(), storageProxy?.ConnectionString);
            for (var i = 0; i < serverUrls.Count; i++)
            {
                servers.Add(ChildProcess.Start(options.Servers == 1 ? $"{options.Name}-server" : $"{options.Name}-server{i + 1}", "ImageGrid.Server.dll",
                [
                    $"--urls={serverUrls[i]}",
                    $"--Rivya:BaseUrl={simulatorUrl}",
                    $"--Rivya:ApiKey={serverRivyaKey}",
                    // The Rivya budget's cap raised with the simulator's limit (the limit scenario sets its own).
                    $"--Rivya:RequestsPerSecond={RaisedRivyaLimit}",
                    $"--Rivya:Burst={RaisedRivyaLimit}",
                    $"--Demo:ApiKey={demoKey}",
                    // 3 credits per image: enough for every scenario's tasks.
                    "--Demo:StartingCredits=3000000000",
                    $"--Orleans:SiloPort={FreePort.Next()}",
                    // No dashboard: a single server's embedded default would take 127.0.0.1:5081.
                    "--Web:Enabled=false",
                    // Per-task Information lines (submitted, finished, credits closed) would make logging a large part of
                    // the server's CPU; the benchmark measures the service with warnings and errors logged only.
                    "--Logging:LogLevel:Default=Warning",
                    .. cluster,
                    .. options.ServerArguments,
                ], logDirectory));
            }

            channels = new GrpcChannelPool(serverUrls, channelCount, demoKey);
            await WaitForSimulatorAsync(simulator, simulatorClient, timeout, cancellationToken);
            foreach (var (server, url) in servers.Zip(serverUrls))
            {
                await WaitForServerAsync(server, url, timeout, cancellationToken);
            }

            return new BenchStack(simulator, servers, simulatorClient, channels, serverUrls[0], demoKey, serverRivyaKey, storageProxy);
        }
        catch
        {
            channels?.Dispose();
            simulatorClient?.Dispose();
            foreach (var server in servers)
            {
                await server.DisposeAsync();
            }

            if (simulator is not null)
            {
                await simulator.DisposeAsync();
            }

            if (storageProxy is not null)
            {
                await storageProxy.DisposeAsync();
            }

            throw;
        }
    }

    /// <summary>
    /// One server in memory: its own local cluster. On Azure Storage (several servers, or one asked for): one cluster new
    /// for this run, through the counting proxy when there is one.
    /// </summary>
    private static IEnumerable<string> ClusterArguments(StackOptions options, string runId, string? proxyConnectionString) => !options.OnAzureStorage
        ? [$"--Orleans:ClusterId=bench-{options.Name}"]
        :
        [
            "--Storage:Provider=AzureStorage",
            $"--Storage:ConnectionString={proxyConnectionString ?? Environment.GetEnvironmentVariable(StorageVariable) ?? "UseDevelopmentStorage=true"}",
            $"--Orleans:ClusterId=bench-{options.Name}-{runId}",
            $"--Orleans:ServiceId=bench-{options.Name}-{runId}",
            "--Orleans:AdvertisedIP=127.0.0.1",
            // The account's state outlives the run in a shared Azurite: a new account per run makes its first create a first.
            $"--Demo:AccountId=bench-{runId}",
        ];

    public void ThrowIfExited()
    {
        Simulator.ThrowIfExited();
        foreach (var server in Servers)
        {
            server.ThrowIfExited();
        }
    }

    public async ValueTask DisposeAsync()
    {
        Channels.Dispose();
        SimulatorClient.Dispose();
        foreach (var server in Servers)
        {
            await server.DisposeAsync();
        }

        await Simulator.DisposeAsync();
        if (StorageProxy is not null)
        {
            await StorageProxy.DisposeAsync();
        }
    }

    private static async Task WaitForSimulatorAsync(ChildProcess simulator, SimulatorClient client, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await client.IsUpAsync(cancellationToken))
        {
            simulator.ThrowIfExited();
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"the simulator did not answer within {timeout}; see {simulator.LogPath}");
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    /// <summary>grpc.health.v1 on the gRPC port, as a deployment's probe would ask.</summary>
    private static async Task WaitForServerAsync(ChildProcess server, string url, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var channel = Grpc.Net.Client.GrpcChannel.ForAddress(url);
        var health = new Health.HealthClient(channel);
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            server.ThrowIfExited();
            try
            {
                var reply = await health.CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(2), cancellationToken: cancellationToken);
                if (reply.Status == HealthCheckResponse.Types.ServingStatus.Serving)
                {
                    return;
                }
            }
            catch (RpcException) when (DateTime.UtcNow < deadline)
            {
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"the server did not serve within {timeout}; see {server.LogPath}");
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    private static string RandomHex() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));

    private static string Format(TimeSpan value) => value.ToString("c", CultureInfo.InvariantCulture);
}
