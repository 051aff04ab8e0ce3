using ImageGrid.Grains;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ImageGrid.Server.Diagnostics;

/// <summary>Degraded (still serving) while Rivya refuses creates because ImageGrid's own Rivya account is out of credits.</summary>
public sealed class UpstreamCreditsHealthCheck(UpstreamAccountStatus upstream) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(upstream.OutOfCreditsSince is { } since
            ? HealthCheckResult.Degraded($"upstream account out of credits: Rivya has answered insufficient_credits since {since:O}")
            : HealthCheckResult.Healthy("upstream account has credits"));
}
