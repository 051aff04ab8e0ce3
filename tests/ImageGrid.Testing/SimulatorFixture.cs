using ImageGrid.Rivya.Simulator;
using ImageGrid.Rivya.Simulator.Control;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace ImageGrid.Testing;

/// <summary>
/// The Rivya simulator started for real on a free loopback port, with short phases (queued 200 ms, running 300 ms).
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
    private SimulatorClient? client;

    public WebApplication App => app ?? throw new InvalidOperationException("The simulator has not started.");

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The simulator's address as a string, for a Rivya:BaseUrl.</summary>
    public string Url => App.Urls.Single();

    /// <summary>The simulator over HTTP: its Rivya API and its control API (/_sim).</summary>
    public SimulatorClient Client => client ?? throw new InvalidOperationException("The simulator has not started.");

    /// <summary>The control API in-process, for what HTTP cannot show (e.g. a refused script).</summary>
    public SimulatorControl Control => App.Services.GetRequiredService<SimulatorControl>();

    /// <summary>Settings a derived fixture adds (later ones win).</summary>
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
        client = new SimulatorClient(new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) });
    }

    public async Task DisposeAsync()
    {
        client?.Dispose();
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
