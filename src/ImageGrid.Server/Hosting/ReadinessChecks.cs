using ImageGrid.Server.Diagnostics;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ImageGrid.Server.Hosting;

/// <summary>
/// What /health/ready asks (the checks tagged <see cref="ManagementEndpoint.ReadyTag"/>): the silo is active and storage
/// answers (Unhealthy: 503, the pod leaves the Services' endpoints), and Rivya's state (Degraded at worst: still ready,
/// since every pod shares the one Rivya and taking pods out would turn an upstream problem into an outage).
/// </summary>
public static class ReadinessChecks
{
    public static IHealthChecksBuilder AddReadinessChecks(this IHealthChecksBuilder checks, StorageProvider storage)
    {
        string[] ready = [ManagementEndpoint.ReadyTag];
        checks.AddCheck<SiloActiveHealthCheck>("silo", tags: ready);
        if (storage == StorageProvider.AzureStorage)
        {
            checks.AddCheck<StorageHealthCheck>("storage", tags: ready);
        }
        else
        {
            checks.AddCheck("storage", () => HealthCheckResult.Healthy("memory storage: in the process"), tags: ready);
        }

        return checks
            .AddCheck<UpstreamCreditsHealthCheck>("upstream-credits", tags: ready)
            .AddCheck<UpstreamBudgetHealthCheck>("upstream", tags: ready);
    }
}
