using System.Net.Http.Json;
using ImageGrid.Grains.Accounts;
using ImageGrid.Grains.Tests.Accounts;
using ImageGrid.Rivya;
using ImageGrid.Rivya.Simulator;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Orleans.TestingHost;

namespace ImageGrid.Grains.Tests.Tasks;

/// <summary>
/// Task grains on one in-process silo, every storage on a <see cref="ControllableGrainStorage"/>, talking over real HTTP
/// to the Rivya simulator on a loopback port through the real Rivya client (wrapped so polls can be made to throw).
/// </summary>
public class TaskClusterFixture : IAsyncLifetime
{
    private const string RivyaKey = "rivya-grain-tests";

    private WebApplication? _simulator;
    private HttpClient? _simulatorHttp;

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IClusterClient Client => Cluster.Client;

    public IServiceProvider Silo => Cluster.Silos[0].ServiceProvider;

    public ControllableGrainStorage Storage => Silo.GetRequiredService<ControllableGrainStorage>();

    public FaultyRivyaClient Rivya => Silo.GetRequiredService<FaultyRivyaClient>();

    public async Task InitializeAsync()
    {
        _simulator = RivyaSimulator.Build(
        [
            "--urls=http://127.0.0.1:0",
            $"--Simulator:ApiKeys:0={RivyaKey}",
            "--Simulator:QueuedDuration=00:00:00.300",
            "--Simulator:RunningDuration=00:00:00.300",
            "--Simulator:RateLimitPermitsPerSecond=100000",
            "--Simulator:RateLimitBurst=100000",
            "--Logging:LogLevel:Default=Warning",
        ]);
        await _simulator.StartAsync();
        var simulatorUrl = _simulator.Urls.First();
        _simulatorHttp = new HttpClient { BaseAddress = new Uri(simulatorUrl) };

        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.UseInMemoryReminderService();
            silo.Services.AddSingleton<ControllableGrainStorage>();
            foreach (var name in StorageNames.All)
            {
                silo.Services.AddKeyedSingleton<IGrainStorage>(name, (services, _) => services.GetRequiredService<ControllableGrainStorage>());
            }

            silo.Services.AddImageGridGrains();
            silo.Services.AddRivyaClient(options =>
            {
                options.BaseUrl = simulatorUrl;
                options.ApiKey = RivyaKey;
                options.AttemptTimeout = TimeSpan.FromSeconds(2);
                options.TotalRequestTimeout = TimeSpan.FromSeconds(5);
                options.RetryBaseDelay = TimeSpan.FromMilliseconds(50);
                options.RequestsPerSecond = 100_000;
                options.Burst = 100_000;
            });
            var real = silo.Services.Last(d => d.ServiceType == typeof(IRivyaClient));
            silo.Services.Remove(real);
            silo.Services.AddSingleton(services => new FaultyRivyaClient((IRivyaClient)real.ImplementationFactory!(services)));
            silo.Services.AddSingleton<IRivyaClient>(services => services.GetRequiredService<FaultyRivyaClient>());
            silo.Services.Configure<TaskPollingOptions>(options =>
            {
                options.InitialInterval = TimeSpan.FromMilliseconds(50);
                options.MaxInterval = TimeSpan.FromMilliseconds(200);
                options.SubmitAckTimeout = TimeSpan.FromSeconds(3);
                options.SubmitRetryInterval = TimeSpan.FromMilliseconds(100);
                ConfigurePolling(options);
            });
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    /// <summary>Polling settings a derived fixture changes.</summary>
    protected virtual void ConfigurePolling(TaskPollingOptions options)
    {
    }

    /// <summary>Tells the simulator how tasks whose prompt contains a marker behave (its control API).</summary>
    public async Task AddScriptAsync(object script)
    {
        using var response = await _simulatorHttp!.PostAsJsonAsync("/_sim/scripts", script);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Injects a fault into the simulator's next matching requests (its control API).</summary>
    public async Task AddFaultAsync(object fault)
    {
        using var response = await _simulatorHttp!.PostAsJsonAsync("/_sim/faults", fault);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>How many times ImageGrid polled the simulator's task for an ImageGrid task.</summary>
    public async Task<int> PollsOfAsync(string taskId) =>
        (await _simulatorHttp!.GetFromJsonAsync<SimulatedTask>($"/_sim/tasks?clientRequestId={Uri.EscapeDataString(taskId)}"))!.Polls;

    /// <summary>A new account with <paramref name="credits"/> to spend.</summary>
    public async Task<IAccountGrain> NewAccountAsync(long credits)
    {
        var account = Client.GetGrain<IAccountGrain>($"acct-{Guid.NewGuid():N}");
        await account.CreateAsync("Team", credits, "opening");
        return account;
    }

    /// <summary>The id of the simulator's task made for an ImageGrid task (sent as its client_request_id), or null.</summary>
    public async Task<string?> RivyaTaskIdOfAsync(string taskId)
    {
        using var response = await _simulatorHttp!.GetAsync($"/_sim/tasks?clientRequestId={Uri.EscapeDataString(taskId)}");
        return response.IsSuccessStatusCode ? (await response.Content.ReadFromJsonAsync<SimulatedTask>())!.Id : null;
    }

    public async Task DisposeAsync()
    {
        await Cluster.DisposeAsync();
        _simulatorHttp?.Dispose();
        if (_simulator is not null)
        {
            await _simulator.StopAsync();
            await _simulator.DisposeAsync();
        }
    }

    private sealed record SimulatedTask(string Id, int Polls);
}

[CollectionDefinition(Name)]
public sealed class TaskClusterCollection : ICollectionFixture<TaskClusterFixture>
{
    public const string Name = "Task cluster";
}
