using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace ImageGrid.Server.Hosting;

/// <summary>
/// Gives the server's drain only a share of <see cref="HostOptions.ShutdownTimeout"/>. Kestrel stops first and waits for
/// running calls until the token it is given fires; with the host's own token a single call that does not end spends
/// the whole timeout, and the silo, stopped after Kestrel, is handed a token already cancelled and leaves the cluster
/// non-gracefully. Watch streams end as the host starts stopping (<see cref="Grpc.WatchStreams"/>), so this bound only
/// cuts calls that are still running after it.
/// </summary>
public sealed class DrainBoundedServer(IServer inner, TimeSpan drainTimeout) : IServer
{
    /// <summary>The drain's share; the silo keeps the rest to deactivate its grains and leave the cluster.</summary>
    public const int DrainShareDivisor = 3;

    public IFeatureCollection Features => inner.Features;

    public Task StartAsync<TContext>(IHttpApplication<TContext> application, CancellationToken cancellationToken)
        where TContext : notnull => inner.StartAsync(application, cancellationToken);

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        using var drain = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        drain.CancelAfter(drainTimeout);
        await inner.StopAsync(drain.Token);
    }

    public void Dispose() => inner.Dispose();

    /// <summary>Wraps the server the web host registered (Kestrel).</summary>
    public static void Register(IServiceCollection services)
    {
        var server = services.LastOrDefault(d => d.ServiceType == typeof(IServer))
            ?? throw new InvalidOperationException("No IServer is registered to bound the shutdown drain of.");
        services.Remove(server);
        services.AddSingleton<IServer>(provider => new DrainBoundedServer(
            Create(provider, server),
            provider.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout / DrainShareDivisor));
    }

    private static IServer Create(IServiceProvider provider, ServiceDescriptor server) =>
        (IServer)(server.ImplementationInstance
            ?? server.ImplementationFactory?.Invoke(provider)
            ?? ActivatorUtilities.CreateInstance(provider, server.ImplementationType!));
}
