using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ImageGrid.Server.Diagnostics;

/// <summary>
/// Healthy only while this silo is Active in the cluster's membership: not yet while it joins (Kestrel serves before the
/// silo has joined), and no longer once it shuts down or the cluster has declared it dead. A pod whose silo is not
/// active cannot host the grains its calls need.
/// </summary>
public sealed class SiloActiveHealthCheck(ILocalSiloDetails localSilo, IClusterMembershipService membership) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var status = membership.CurrentSnapshot.GetSiloStatus(localSilo.SiloAddress);
        return Task.FromResult(status == SiloStatus.Active
            ? HealthCheckResult.Healthy($"silo {localSilo.Name} is active")
            : HealthCheckResult.Unhealthy($"silo {localSilo.Name} is {status}, not active in the cluster's membership"));
    }
}
