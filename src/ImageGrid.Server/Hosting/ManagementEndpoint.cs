using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ImageGrid.Server.Hosting;

/// <summary>
/// An optional plain HTTP endpoint (section "Management", e.g. Management:Url=http://0.0.0.0:8081) for Kubernetes
/// probes, /health/live and /health/ready, and for Prometheus, /metrics. gRPC stays on its own HTTP/2-only endpoint.
/// </summary>
public static class ManagementEndpoint
{
    public const string UrlKey = "Management:Url";
    public const string LiveTag = "live";
    public const string ReadyTag = "ready";

    /// <summary>The management URL, or null when none is configured.</summary>
    public static string? UrlOf(IConfiguration configuration) =>
        configuration[UrlKey] is { } url && !string.IsNullOrWhiteSpace(url) ? url : null;

    /// <summary>The management endpoint's port, or null when none is configured.</summary>
    public static int? PortOf(IConfiguration configuration) =>
        configuration[UrlKey] is { Length: > 0 } url && !string.IsNullOrWhiteSpace(url) ? BindingAddress.Parse(url).Port : null;

    public static WebApplication MapManagementEndpoints(this WebApplication app, int? managementPort)
    {
        if (managementPort is not { } port)
        {
            return app;
        }

        var host = $"*:{port}";
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = check => check.Tags.Contains(LiveTag) }).RequireHost(host);
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(ReadyTag),
            ResultStatusCodes =
            {
                [HealthStatus.Healthy] = StatusCodes.Status200OK,
                [HealthStatus.Degraded] = StatusCodes.Status200OK,
                [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
            },
        }).RequireHost(host);
        app.MapPrometheusScrapingEndpoint(TelemetryHostingExtensions.MetricsPath).RequireHost(host);
        return app;
    }
}
