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
public sealed record StackOptions(string Name, TimeSpan Queued, TimeSpan Running, IReadOnlyList<string> ServerArguments, IReadOnlyList<string>? SimulatorArguments = null);

/// <summary>
/// The system under test for one scenario: the Rivya simulator and the ImageGrid server, each its own process on
/// loopback, started fresh so that every scenario's memory and counters start from the same place. Disposing kills both.
/// </summary>
public sealed class BenchStack : IAsyncDisposable
{
    /// <summary>
    /// The simulator's rate limit and the server's Rivya budget cap (requests/s) in every scenario that does not set its
    /// own: raised together out of the way, so that the benchmark measures ImageGrid rather than Rivya's limit.
    /// </summary>
    public const int RaisedRivyaLimit = 10_000_000;

    private BenchStack(ChildProcess simulator, ChildProcess server, SimulatorClient simulatorClient, GrpcChannelPool channels, string serverUrl, string demoKey, string serverRivyaKey)
    {
        ServerRivyaKey = serverRivyaKey;
        Simulator = simulator;
        Server = server;
        SimulatorClient = simulatorClient;
        Channels = channels;
        ServerUrl = serverUrl;
        DemoKey = demoKey;
    }

    public ChildProcess Simulator { get; }

    public ChildProcess Server { get; }

    /// <summary>Control API and the direct (baseline) caller's REST access, with its own Rivya key.</summary>
    public SimulatorClient SimulatorClient { get; }

    /// <summary>gRPC channels to the server, authenticated as the demo account.</summary>
    public GrpcChannelPool Channels { get; }

    public string ServerUrl { get; }

    public string DemoKey { get; }

    /// <summary>The Rivya key the harness gave the server (a throw-away key of this run's simulator).</summary>
    public string ServerRivyaKey { get; }

    public static async Task<BenchStack> StartAsync(StackOptions options, int channelCount, string logDirectory, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var simulatorUrl = $"http://127.0.0.1:{FreePort.Next()}";
        var serverUrl = $"http://127.0.0.1:{FreePort.Next()}";
        var serverRivyaKey = "sim_server_" + RandomHex();
        var directRivyaKey = "sim_direct_" + RandomHex();
        var demoKey = "igk_bench_" + RandomHex();

        ChildProcess? simulator = null;
        ChildProcess? server = null;
        SimulatorClient? simulatorClient = null;
        GrpcChannelPool? channels = null;
        try
        {
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

            var siloPort = FreePort.Next();
            server = ChildProcess.Start($"{options.Name}-server", "ImageGrid.Server.dll",
            [
                $"--urls={serverUrl}",
                $"--Rivya:BaseUrl={simulatorUrl}",
                $"--Rivya:ApiKey={serverRivyaKey}",
                // The Rivya budget's cap raised with the simulator's limit (the limit scenario sets its own).
                $"--Rivya:RequestsPerSecond={RaisedRivyaLimit}",
                $"--Rivya:Burst={RaisedRivyaLimit}",
                $"--Demo:ApiKey={demoKey}",
                // 3 credits per image: enough for every scenario's tasks.
                "--Demo:StartingCredits=3000000000",
                $"--Orleans:SiloPort={siloPort}",
                $"--Orleans:ClusterId=bench-{options.Name}",
                // Per-task Information lines (submitted, finished, credits closed) would make logging a large part of
                // the server's CPU; the benchmark measures the service with warnings and errors logged only.
                "--Logging:LogLevel:Default=Warning",
                .. options.ServerArguments,
            ], logDirectory);

            channels = new GrpcChannelPool(serverUrl, channelCount, demoKey);
            await WaitForSimulatorAsync(simulator, simulatorClient, timeout, cancellationToken);
            await WaitForServerAsync(server, channels, timeout, cancellationToken);
            return new BenchStack(simulator, server, simulatorClient, channels, serverUrl, demoKey, serverRivyaKey);
        }
        catch
        {
            channels?.Dispose();
            simulatorClient?.Dispose();
            if (server is not null)
            {
                await server.DisposeAsync();
            }

            if (simulator is not null)
            {
                await simulator.DisposeAsync();
            }

            throw;
        }
    }

    public void ThrowIfExited()
    {
        Simulator.ThrowIfExited();
        Server.ThrowIfExited();
    }

    public async ValueTask DisposeAsync()
    {
        Channels.Dispose();
        SimulatorClient.Dispose();
        await Server.DisposeAsync();
        await Simulator.DisposeAsync();
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
    private static async Task WaitForServerAsync(ChildProcess server, GrpcChannelPool channels, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var health = new Health.HealthClient(channels.FirstChannel);
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
