using Grpc.Core;
using Grpc.Core.Interceptors;
using ImageGrid.Rivya.Simulator;
using ImageGrid.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;

namespace ImageGrid.Server.Tests.Cluster;

/// <summary>
/// A production-shaped cluster: ImageGrid silos as separate processes on loopback, clustered and stored in Azure
/// Storage (Azurite, started by scripts/test.sh), talking to the Rivya simulator over real HTTP.
/// </summary>
public sealed class AzureClusterFixture : IAsyncLifetime
{
    public const string ConnectionVariable = "IMAGEGRID_TEST_AZURE_STORAGE";
    public const string DemoKey = "igk_cluster_demo_key";
    public const string AdminKey = "igk_cluster_admin_key";
    private const string RivyaKey = "rivya-cluster-key";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private readonly string _clusterId = $"cluster-{Guid.NewGuid():N}";
    private WebApplication? _simulator;
    private string _simulatorUrl = "";

    public string DemoAccountId { get; } = $"demo-{Guid.NewGuid():N}";

    public string ConnectionString { get; } = Environment.GetEnvironmentVariable(ConnectionVariable)
        ?? throw new InvalidOperationException($"{ConnectionVariable} is not set: run the tests with scripts/test.sh, which starts Azurite.");

    public SimulatorClient Simulator { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _simulator = RivyaSimulator.Build(
        [
            "--urls=http://127.0.0.1:0",
            $"--Simulator:ApiKeys:0={RivyaKey}",
            "--Simulator:QueuedDuration=00:00:03",
            "--Simulator:RunningDuration=00:00:04",
            "--Simulator:RateLimitPermitsPerSecond=100000",
            "--Simulator:RateLimitBurst=100000",
            "--Logging:LogLevel:Default=Error",
        ]);
        await _simulator.StartAsync();
        _simulatorUrl = _simulator.Urls.First();
        Simulator = new SimulatorClient(new HttpClient { BaseAddress = new Uri(_simulatorUrl) });
    }

    /// <summary>
    /// Starts one more silo of this cluster in its own process, with extra settings as --Key=Value. Its demo account is
    /// configured explicitly, as a production-shaped server has one only when Demo:ApiKey is given.
    /// </summary>
    public Task<SiloProcess> StartSiloAsync(string name, params string[] settings) => StartSiloWithoutDemoAsync(name,
    [
        $"--Demo:ApiKey={DemoKey}",
        $"--Demo:AccountId={DemoAccountId}",
        "--Demo:StartingCredits=100000",
        .. settings,
    ]);

    /// <summary>A silo of this cluster with no Demo settings at all, as production runs it.</summary>
    public Task<SiloProcess> StartSiloWithoutDemoAsync(string name, params string[] settings) => SiloProcess.StartAsync(name,
    [
        "--Storage:Provider=AzureStorage",
        $"--Storage:ConnectionString={ConnectionString}",
        $"--Orleans:ClusterId={_clusterId}",
        $"--Orleans:ServiceId={_clusterId}",
        $"--Orleans:SiloPort={FreePort.Next()}",
        "--Orleans:AdvertisedIP=127.0.0.1",
        // Detect a killed silo within seconds rather than a minute; the rest of the cluster settings are production's.
        "--Orleans:Membership:ProbeTimeout=00:00:01",
        "--Orleans:Membership:NumMissedProbesLimit=2",
        "--Orleans:Membership:NumVotesForDeathDeclaration=1",
        "--Orleans:Membership:IAmAliveTablePublishTimeout=00:00:05",
        $"--Rivya:BaseUrl={_simulatorUrl}",
        $"--Rivya:ApiKey={RivyaKey}",
        // The budget's cap raised with the simulator's limit.
        "--Rivya:RequestsPerSecond=100000",
        "--Rivya:Burst=100000",
        $"--Admin:ApiKey={AdminKey}",
        "--Polling:InitialInterval=00:00:00.250",
        "--Polling:MaxInterval=00:00:01",
        "--HostOptions:ShutdownTimeout=00:00:20",
        "--Logging:LogLevel:Default=Warning",
        "--Logging:LogLevel:ImageGrid=Information",
        .. settings,
    ], StartTimeout);

    public static Contracts.V1.ImageGrid.ImageGridClient Client(SiloProcess silo, string apiKey = DemoKey) =>
        new(silo.Channel.Intercept(metadata =>
        {
            metadata.Add("authorization", $"Bearer {apiKey}");
            return metadata;
        }));

    /// <summary>A new account of its own for one test, made through the admin service; returns its API key.</summary>
    public static async Task<string> CreateAccountAsync(SiloProcess silo, long credits)
    {
        var admin = new Contracts.V1.ImageGridAdmin.ImageGridAdminClient(silo.Channel.Intercept(metadata =>
        {
            metadata.Add("authorization", $"Bearer {AdminKey}");
            return metadata;
        }));
        var account = await admin.CreateAccountAsync(new Contracts.V1.CreateAccountRequest { DisplayName = "cluster test", OpeningCredits = credits });
        var key = await admin.IssueApiKeyAsync(new Contracts.V1.IssueApiKeyRequest { AccountId = account.AccountId, Name = "cluster test" });
        return key.ApiKey;
    }

    public async Task DisposeAsync()
    {
        Simulator?.Dispose();
        if (_simulator is not null)
        {
            await _simulator.StopAsync();
            await _simulator.DisposeAsync();
        }
    }
}
