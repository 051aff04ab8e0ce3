using System.Globalization;
using ImageGrid.Grains.Budget;
using ImageGrid.Rivya;
using ImageGrid.Rivya.Budget;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace ImageGrid.Server.Diagnostics;

/// <summary>
/// The Rivya budget as operators see it: the cap, the rate the cluster has learned below it, this silo's share, the
/// requests waiting and the 429s. Degraded (still serving) while Rivya is out (the outage circuit holds calls back) or
/// its Retry-After holds every request back.
/// </summary>
public sealed class UpstreamBudgetHealthCheck(RivyaRequestBudget budget, RivyaOutageCircuit circuit, RivyaBudgetLeases leases, IOptions<RivyaOptions> options, TimeProvider time) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var pausedUntil = budget.PausedUntil;
        var data = new Dictionary<string, object>
        {
            ["cap_per_second"] = options.Value.RequestsPerSecond,
            ["cluster_rate_per_second"] = Math.Round(leases.ClusterRate, 1),
            ["silo_rate_per_second"] = Math.Round(budget.Rate, 1),
            ["waiting"] = budget.Waiting,
            ["granted"] = budget.Granted,
            ["rate_limited"] = budget.RateLimitedAnswers,
        };
        if (circuit.OutSince is { } outSince)
        {
            data["outage_since"] = outSince.ToString("O", CultureInfo.InvariantCulture);
            data["probing_here"] = circuit.SeesOutage;
            return Task.FromResult(HealthCheckResult.Degraded(
                $"Rivya is out since {outSince:O}: calls to it are held back cluster-wide, and one probe goes every {options.Value.OutageProbeInterval.TotalSeconds:0.#} s", data: data));
        }

        if (pausedUntil > time.GetUtcNow())
        {
            data["paused_until"] = pausedUntil.ToString("O", CultureInfo.InvariantCulture);
            return Task.FromResult(HealthCheckResult.Degraded($"Rivya asked to wait (429 Retry-After) until {pausedUntil:O}; requests are held back", data: data));
        }

        return Task.FromResult(HealthCheckResult.Healthy(
            $"sending up to {leases.ClusterRate:0.#} requests/s cluster-wide (cap {options.Value.RequestsPerSecond:0.#}), {budget.Rate:0.#}/s from this silo", data));
    }
}
