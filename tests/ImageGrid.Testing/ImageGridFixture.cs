using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using ImageGrid.Grains.Accounts;
using ImageGrid.Rivya.Simulator;
using ImageGrid.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;
using Xunit;

namespace ImageGrid.Testing;

/// <summary>
/// The Rivya simulator and a real ImageGrid server (Kestrel on a loopback port, co-hosted Orleans silo) talking to it
/// over real HTTP; tests call ImageGrid through a real gRPC channel (the server tests) or run the CLI against it.
/// </summary>
public class ImageGridFixture : IAsyncLifetime
{
    public const string DemoKey = "igk_test_demo_key";
    public const string AdminKey = "igk_test_admin_key";
    private const string RivyaKey = "rivya-test-key";

    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    private WebApplication? _simulator;
    private WebApplication? _server;
    private GrpcChannel? _channel;

    public WebApplication Server => _server ?? throw new InvalidOperationException("not started");

    public SimulatorClient Simulator { get; private set; } = null!;

    /// <summary>Settings a derived fixture overrides, as --Key=Value arguments for the server.</summary>
    protected virtual IEnumerable<string> ServerArguments(string simulatorUrl) =>
    [
        "--urls=http://127.0.0.1:0",
        $"--Rivya:BaseUrl={simulatorUrl}",
        $"--Rivya:ApiKey={RivyaKey}",
        // The budget's cap raised with the simulator's limit.
        "--Rivya:RequestsPerSecond=100000",
        "--Rivya:Burst=100000",
        "--Rivya:AttemptTimeout=00:00:02",
        "--Rivya:TotalRequestTimeout=00:00:10",
        $"--Demo:ApiKey={DemoKey}",
        "--Demo:StartingCredits=1000000",
        $"--Admin:ApiKey={AdminKey}",
        $"--Orleans:SiloPort={FreePort.Next()}",
        $"--Orleans:ClusterId=test-{Guid.NewGuid():N}",
        $"--Polling:InitialInterval={PollInterval}",
        "--Polling:MaxInterval=00:00:00.400",
        "--Polling:SubmitAckTimeout=00:00:08",
        "--Polling:SubmitRetryInterval=00:00:00.200",
        $"--Management:Url={ManagementUrl}",
        $"--Web:Url={WebUrl}",
        .. QuietLogging,
    ];

    /// <summary>The server's gRPC endpoint (HTTP/2).</summary>
    public string GrpcUrl { get; private set; } = "";

    /// <summary>The plain HTTP endpoint for health probes.</summary>
    public string ManagementUrl { get; } = $"http://127.0.0.1:{FreePort.Next()}";

    /// <summary>The dashboard's endpoint (HTTP/1.1: the page and gRPC-Web), on a port of its own.</summary>
    public string WebUrl { get; } = $"http://127.0.0.1:{FreePort.Next()}";

    /// <summary>
    /// Tests provoke failures on purpose (Rivya faults, timeouts, refused calls), which the server rightly logs at
    /// Warning: printed, they bury a test run's result. Errors still print. The categories appsettings.json names are
    /// named again, as they outrank Default; Polly logs each provoked failed attempt, the last at Error, so it prints
    /// only what is critical.
    /// </summary>
    protected static readonly string[] QuietLogging =
    [
        "--Logging:LogLevel:Default=Error",
        "--Logging:LogLevel:Microsoft.AspNetCore=Error",
        "--Logging:LogLevel:Orleans=Error",
        "--Logging:LogLevel:System.Net.Http.HttpClient=Error",
        "--Logging:LogLevel:Polly=Critical",
    ];

    /// <summary>An exporter of the server's traces a derived fixture adds (none: the server makes no spans).</summary>
    protected virtual Action<TracerProviderBuilder>? TraceExport => null;

    /// <summary>Settings of the simulator a derived fixture overrides (later ones win).</summary>
    protected virtual IEnumerable<string> SimulatorArguments() =>
    [
        "--urls=http://127.0.0.1:0",
        $"--Simulator:ApiKeys:0={RivyaKey}",
        "--Simulator:QueuedDuration=00:00:00.300",
        "--Simulator:RunningDuration=00:00:00.600",
        "--Simulator:RateLimitPermitsPerSecond=100000",
        "--Simulator:RateLimitBurst=100000",
        .. QuietLogging,
    ];

    /// <summary>Runs once the server is built, before it starts.</summary>
    protected virtual void OnServerBuilt(IServiceProvider services)
    {
    }

    public async Task InitializeAsync()
    {
        _simulator = RivyaSimulator.Build([.. SimulatorArguments()]);
        await _simulator.StartAsync();
        var simulatorUrl = _simulator.Urls.First();
        Simulator = new SimulatorClient(new HttpClient { BaseAddress = new Uri(simulatorUrl) });

        _server = await ImageGridServer.BuildAsync([.. ServerArguments(simulatorUrl)], TraceExport);
        OnServerBuilt(_server.Services);
        await _server.StartAsync();
        GrpcUrl = _server.Urls.First(url => url != ManagementUrl && url != WebUrl);
        _channel = GrpcChannel.ForAddress(GrpcUrl);
    }

    /// <summary>A client of the public service sending the given key (none when null).</summary>
    public Contracts.V1.ImageGrid.ImageGridClient Client(string? apiKey = DemoKey)
    {
        var invoker = _channel!.Intercept(metadata =>
        {
            if (apiKey is not null)
            {
                metadata.Add("authorization", $"Bearer {apiKey}");
            }

            return metadata;
        });
        return new Contracts.V1.ImageGrid.ImageGridClient(invoker);
    }

    public CallInvoker Invoker => _channel!.CreateCallInvoker();

    /// <summary>A new account with its own key and opening credits, made through the account grain.</summary>
    public async Task<TestAccount> CreateAccountAsync(long credits)
    {
        var accountId = $"acct_test_{Guid.NewGuid():N}";
        var account = Grains.GetGrain<IAccountGrain>(accountId);
        await account.CreateAsync("test account", credits, "test opening balance");
        var key = $"igk_test_{Guid.NewGuid():N}";
        await account.AddKeyAsync(ApiKeyHash.Of(key), "test");
        return new TestAccount(accountId, key, Client(key));
    }

    public IGrainFactory Grains => Server.Services.GetRequiredService<IGrainFactory>();

    /// <summary>The channel to the server, for clients of other services (e.g. the admin service).</summary>
    public GrpcChannel Channel => _channel ?? throw new InvalidOperationException("not started");

    public virtual async Task DisposeAsync()
    {
        _channel?.Dispose();
        if (_server is not null)
        {
            await _server.StopAsync();
            await _server.DisposeAsync();
        }

        Simulator?.Dispose();
        if (_simulator is not null)
        {
            await _simulator.StopAsync();
            await _simulator.DisposeAsync();
        }
    }
}

public sealed record TestAccount(string Id, string Key, Contracts.V1.ImageGrid.ImageGridClient Client);
