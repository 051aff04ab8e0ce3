using System.Security.Cryptography;
using ImageGrid.Rivya.Simulator;

namespace ImageGrid.Server.Hosting;

/// <summary>
/// In the embedded default without a Rivya:BaseUrl, ImageGrid runs the Rivya simulator in-process on a loopback port
/// and talks to it over real HTTP, exactly as it would to Rivya. A production-shaped server never does
/// (<see cref="ProductionSettings"/>).
/// </summary>
public sealed class EmbeddedRivyaSimulator(WebApplication simulator) : IHostedService, IAsyncDisposable
{
    public static async Task<bool> StartIfNeededAsync(WebApplicationBuilder builder, HostingMode mode)
    {
        if (!mode.IsEmbeddedDefault || !string.IsNullOrWhiteSpace(builder.Configuration["Rivya:BaseUrl"]))
        {
            return false;
        }

        var apiKey = "sim_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        string[] args =
        [
            "--urls=http://127.0.0.1:0",
            $"--Simulator:ApiKeys:0={apiKey}",
            .. builder.Configuration.GetSection("Simulator").AsEnumerable(makePathsRelative: false)
                .Where(pair => pair.Value is not null && !pair.Key.StartsWith("Simulator:ApiKeys", StringComparison.Ordinal))
                .Select(pair => $"--{pair.Key}={pair.Value}"),
            .. builder.Configuration.GetSection("Logging").AsEnumerable(makePathsRelative: false)
                .Where(pair => pair.Value is not null)
                .Select(pair => $"--{pair.Key}={pair.Value}"),
            "--Logging:LogLevel:Microsoft.Hosting.Lifetime=Warning",
        ];
        var simulator = RivyaSimulator.Build(args);
        await simulator.StartAsync();

        Console.WriteLine($"Rivya:BaseUrl is not set: using the embedded Rivya simulator at {simulator.Urls.First()}");
        builder.Configuration["Rivya:BaseUrl"] = simulator.Urls.First();
        builder.Configuration["Rivya:ApiKey"] = apiKey;
        builder.Services.AddSingleton(new EmbeddedRivyaSimulator(simulator));
        builder.Services.AddHostedService(provider => provider.GetRequiredService<EmbeddedRivyaSimulator>());
        return true;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => simulator.StopAsync(cancellationToken);

    public ValueTask DisposeAsync() => simulator.DisposeAsync();
}
