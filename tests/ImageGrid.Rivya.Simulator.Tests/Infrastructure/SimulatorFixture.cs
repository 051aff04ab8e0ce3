using ImageGrid.Rivya.Simulator.Control;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace ImageGrid.Rivya.Simulator.Tests.Infrastructure;

/// <summary>
/// A simulator started for real on a free loopback port, with short phases (queued 200 ms, running 300 ms).
/// Each test class gets its own (IClassFixture), so faults and scripts armed by one class never reach another.
/// </summary>
public class SimulatorFixture : IAsyncLifetime
{
    public const string KeyA = "key-a";
    public const string KeyB = "key-b";

    /// <summary>Keys for tests that need a credit balance of their own.</summary>
    public static readonly IReadOnlyList<string> SpareKeys = ["key-c", "key-d", "key-e", "key-f", "key-g", "key-h"];

    public static readonly TimeSpan Queued = TimeSpan.FromMilliseconds(200);
    public static readonly TimeSpan Running = TimeSpan.FromMilliseconds(300);

    private WebApplication? app;
    private HttpClient? http;

    public WebApplication App => app ?? throw new InvalidOperationException("The simulator has not started.");

    public Uri BaseAddress { get; private set; } = null!;

    public SimulatorClient Client => new(http ?? throw new InvalidOperationException("The simulator has not started."));

    public SimulatorControl Control => App.Services.GetRequiredService<SimulatorControl>();

    protected virtual IEnumerable<string> ExtraArguments => [];

    public async Task InitializeAsync()
    {
        string[] keys = [KeyA, KeyB, .. SpareKeys];
        string[] arguments =
        [
            "--urls=http://127.0.0.1:0",
            "--Logging:LogLevel:Default=Warning",
            $"--Simulator:QueuedDuration={Queued}",
            $"--Simulator:RunningDuration={Running}",
            .. keys.Select((key, index) => $"--Simulator:ApiKeys:{index}={key}"),
            .. ExtraArguments,
        ];
        app = RivyaSimulator.Build(arguments);
        await app.StartAsync();
        BaseAddress = new Uri(app.Urls.Single());
        http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    public async Task DisposeAsync()
    {
        http?.Dispose();
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}

/// <summary>A simulator whose per-key bucket holds 2 requests and refills at 1 per second.</summary>
public sealed class TinyRateLimitFixture : SimulatorFixture
{
    protected override IEnumerable<string> ExtraArguments =>
        ["--Simulator:RateLimitPermitsPerSecond=1", "--Simulator:RateLimitBurst=2"];
}
