using System.Net.Http.Json;
using ImageGrid.Grains.Accounts;
using ImageGrid.Rivya.Simulator;
using ImageGrid.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace ImageGrid.Cli.Tests.Infrastructure;

/// <summary>
/// A real ImageGrid server (memory mode, Kestrel on a free loopback port, co-hosted silo) and the Rivya simulator it
/// talks to over HTTP, started in-process once for the CLI tests, which run the tool against it as a process.
/// </summary>
public sealed class ServerFixture : IAsyncLifetime
{
    public const string DemoKey = "igk_cli_test_demo_key";
    private const string RivyaKey = "rivya-cli-test-key";

    private static readonly string[] QuietLogging =
    [
        "--Logging:LogLevel:Default=Error",
        "--Logging:LogLevel:Microsoft.AspNetCore=Error",
        "--Logging:LogLevel:Orleans=Error",
        "--Logging:LogLevel:System.Net.Http.HttpClient=Error",
        "--Logging:LogLevel:Polly=Critical",
    ];

    private WebApplication? _simulator;
    private WebApplication? _server;
    private HttpClient? _simulatorHttp;

    /// <summary>The server's gRPC endpoint, what IMAGEGRID_URL points at.</summary>
    public string GrpcUrl { get; private set; } = "";

    public async Task InitializeAsync()
    {
        _simulator = RivyaSimulator.Build(
        [
            "--urls=http://127.0.0.1:0",
            $"--Simulator:ApiKeys:0={RivyaKey}",
            "--Simulator:QueuedDuration=00:00:00.300",
            "--Simulator:RunningDuration=00:00:00.600",
            "--Simulator:RateLimitPermitsPerSecond=100000",
            "--Simulator:RateLimitBurst=100000",
            .. QuietLogging,
        ]);
        await _simulator.StartAsync();
        var simulatorUrl = _simulator.Urls.First();
        _simulatorHttp = new HttpClient { BaseAddress = new Uri(simulatorUrl) };

        var managementUrl = $"http://127.0.0.1:{FreePort.Next()}";
        _server = await ImageGridServer.BuildAsync(
        [
            "--urls=http://127.0.0.1:0",
            $"--Management:Url={managementUrl}",
            // The browser endpoint (issue 13's dashboard) gets a port of its own too, so parallel servers never collide.
            $"--Web:Url=http://127.0.0.1:{FreePort.Next()}",
            $"--Rivya:BaseUrl={simulatorUrl}",
            $"--Rivya:ApiKey={RivyaKey}",
            "--Rivya:RequestsPerSecond=100000",
            "--Rivya:Burst=100000",
            "--Rivya:AttemptTimeout=00:00:05",
            "--Rivya:TotalRequestTimeout=00:00:20",
            $"--Demo:ApiKey={DemoKey}",
            "--Demo:StartingCredits=1000000",
            $"--Orleans:SiloPort={FreePort.Next()}",
            $"--Orleans:ClusterId=cli-test-{Guid.NewGuid():N}",
            "--Polling:InitialInterval=00:00:00.100",
            "--Polling:MaxInterval=00:00:00.400",
            "--Polling:SubmitAckTimeout=00:00:10",
            "--Polling:SubmitRetryInterval=00:00:00.200",
            .. QuietLogging,
        ]);
        await _server.StartAsync();
        GrpcUrl = _server.Urls.First(url => url != managementUrl);
    }

    /// <summary>Runs the tool with the demo account's key, unless the test gives a key (or null for none) of its own.</summary>
    public Task<CliRun> RunAsync(params string[] args) => CliProcess.RunAsync(GrpcUrl, DemoKey, args);

    public Task<CliRun> RunWithKeyAsync(string? apiKey, params string[] args) => CliProcess.RunAsync(GrpcUrl, apiKey, args);

    /// <summary>A new account with its own key, so that a test can list exactly the tasks it made.</summary>
    public async Task<string> CreateAccountAsync(long credits)
    {
        var grains = _server!.Services.GetRequiredService<IGrainFactory>();
        var account = grains.GetGrain<IAccountGrain>($"acct_cli_test_{Guid.NewGuid():N}");
        await account.CreateAsync("cli test account", credits, "cli test opening balance");
        var key = $"igk_cli_test_{Guid.NewGuid():N}";
        await account.AddKeyAsync(ApiKeyHash.Of(key), "cli test");
        return key;
    }

    /// <summary>Tasks whose prompt contains <paramref name="marker"/> end FAILED with this error code.</summary>
    public Task FailTasksWithPromptAsync(string marker, string errorCode, string errorMessage) =>
        AddScriptAsync(new { promptContains = marker, outcome = "failed", errorCode, errorMessage });

    /// <summary>Tasks whose prompt contains <paramref name="marker"/> stay queued, then running, this long each.</summary>
    public Task SlowTasksWithPromptAsync(string marker, TimeSpan queued, TimeSpan running) =>
        AddScriptAsync(new { promptContains = marker, outcome = "succeeded", queuedMs = (int)queued.TotalMilliseconds, runningMs = (int)running.TotalMilliseconds });

    private async Task AddScriptAsync(object script)
    {
        using var response = await _simulatorHttp!.PostAsJsonAsync("/_sim/scripts", script);
        response.EnsureSuccessStatusCode();
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.StopAsync();
            await _server.DisposeAsync();
        }

        _simulatorHttp?.Dispose();
        if (_simulator is not null)
        {
            await _simulator.StopAsync();
            await _simulator.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ServerCollection : ICollectionFixture<ServerFixture>
{
    public const string Name = "server";
}
