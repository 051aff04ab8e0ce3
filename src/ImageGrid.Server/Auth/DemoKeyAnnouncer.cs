using Microsoft.Extensions.Options;

namespace ImageGrid.Server.Auth;

/// <summary>Prints a generated demo key to the console (not to the logs) once the server listens.</summary>
public sealed class DemoKeyAnnouncer(IOptions<DemoAccountOptions> options, GeneratedDemoKey generated, IHostApplicationLifetime lifetime) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(options.Value.ApiKey))
        {
            lifetime.ApplicationStarted.Register(() => Console.WriteLine(
                $"Demo API key (generated for this run; set Demo:ApiKey to fix it): {generated.Value}"));
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
