using System.Diagnostics.Metrics;
using ImageGrid.Grains.Diagnostics;
using ImageGrid.Rivya.Budget;
using ImageGrid.Server.Diagnostics;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Orleans.Diagnostics;

namespace ImageGrid.Server.Hosting;

/// <summary>
/// OpenTelemetry: ImageGrid's meters, Orleans', ASP.NET Core's (gRPC calls included), HttpClient's and the runtime's,
/// scraped as Prometheus text at /metrics on the management port and pushed over OTLP when its variables are set.
/// Traces exist only when an exporter is configured; otherwise there is no tracer and no span is made.
/// </summary>
public static class TelemetryHostingExtensions
{
    public const string MetricsPath = "/metrics";
    public const string ServiceName = "imagegrid";
    public const string OrleansMeter = "Microsoft.Orleans";

    public static readonly string[] Meters = [WatchMetrics.MeterName, TaskMetrics.MeterName, RivyaRequestBudget.MeterName, OrleansMeter];

    public static readonly string[] TraceSources =
        [TaskTracing.SourceName, ActivitySources.ApplicationGrainActivitySourceName, ActivitySources.RuntimeActivitySourceName];

    /// <summary>Adds telemetry; returns whether traces are exported (then grain calls carry the trace context).</summary>
    /// <param name="traceExport">An exporter of traces besides OTLP's (tests use an in-memory one).</param>
    public static bool AddImageGridTelemetry(this WebApplicationBuilder builder, Action<TracerProviderBuilder>? traceExport)
    {
        var otlp = OtlpExport.From(builder.Configuration);
        var scraped = !string.IsNullOrWhiteSpace(builder.Configuration[ManagementEndpoint.UrlKey]);
        var traced = otlp.Traces || traceExport is not null;
        builder.Services.AddSingleton<CreateMetrics>();
        if (!scraped && !otlp.Metrics && !traced && !otlp.Logs)
        {
            return false;
        }

        var telemetry = builder.Services.AddOpenTelemetry();
        if (string.IsNullOrWhiteSpace(builder.Configuration["OTEL_SERVICE_NAME"]))
        {
            telemetry.ConfigureResource(resource => resource.AddService(ServiceName));
        }

        if (scraped || otlp.Metrics)
        {
            telemetry.WithMetrics(metrics =>
            {
                metrics.AddMeter(Meters)
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddRuntimeInstrumentation();
                ((IDeferredMeterProviderBuilder)metrics).Configure((services, configured) =>
                    configured.AddView(OnlyThisHost(services.GetRequiredService<IMeterFactory>())));
                if (scraped)
                {
                    // Each scrape reads the values of its moment (the exporter's default keeps an answer for 300 ms).
                    metrics.AddPrometheusExporter(prometheus => prometheus.ScrapeResponseCacheDurationMilliseconds = 0);
                }

                if (otlp.Metrics)
                {
                    metrics.AddOtlpExporter();
                }
            });
        }

        if (traced)
        {
            var managementPort = ManagementEndpoint.PortOf(builder.Configuration);
            telemetry.WithTracing(tracing =>
            {
                tracing.AddSource(TraceSources)
                    .AddAspNetCoreInstrumentation(options => options.Filter = http => http.Connection.LocalPort != managementPort)
                    .AddHttpClientInstrumentation();
                if (otlp.Traces)
                {
                    tracing.AddOtlpExporter();
                }

                traceExport?.Invoke(tracing);
            });
        }

        if (otlp.Logs)
        {
            telemetry.WithLogging(logging => logging.AddOtlpExporter(), options => options.IncludeScopes = true);
        }

        return traced;
    }

    /// <summary>
    /// Meters made by another host's factory are left out: a process may host several servers (the tests do), and each
    /// reports only its own. Meters made without a factory (the runtime's, shared) are kept.
    /// </summary>
    private static Func<Instrument, MetricStreamConfiguration?> OnlyThisHost(IMeterFactory own) =>
        instrument => instrument.Meter.Scope is IMeterFactory factory && !ReferenceEquals(factory, own) ? MetricStreamConfiguration.Drop : null;
}
