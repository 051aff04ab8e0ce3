using ImageGrid.Grains.Accounts;
using Microsoft.Extensions.Options;

namespace ImageGrid.Server.Auth;

/// <summary>
/// Creates the demo account and registers its key once the silo runs (both idempotent, so a restart changes nothing),
/// and prints a generated key to the console (never to the logs).
/// </summary>
public sealed class DemoAccountSeeder(IOptions<DemoAccountOptions> options, GeneratedDemoKey generated, IGrainFactory grains, IHostApplicationLifetime lifetime)
    : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var demo = options.Value;
        var key = string.IsNullOrWhiteSpace(demo.ApiKey) ? generated.Value : demo.ApiKey;
        var account = grains.GetGrain<IAccountGrain>(demo.AccountId);
        await account.CreateAsync("Demo account", demo.StartingCredits, "demo account opening balance");
        await account.AddKeyAsync(ApiKeyHash.Of(key), "demo");

        if (string.IsNullOrWhiteSpace(demo.ApiKey))
        {
            lifetime.ApplicationStarted.Register(() => Console.WriteLine(
                $"Demo API key (generated for this run; set Demo:ApiKey to fix it): {generated.Value}"));
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
