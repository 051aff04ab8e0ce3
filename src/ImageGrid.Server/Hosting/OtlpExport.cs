namespace ImageGrid.Server.Hosting;

/// <summary>
/// Which signals go out over OTLP: those whose endpoint the standard variables set (OTEL_EXPORTER_OTLP_ENDPOINT for
/// all, OTEL_EXPORTER_OTLP_{TRACES,METRICS,LOGS}_ENDPOINT for one). The exporter reads the rest of them (protocol,
/// headers, timeout) itself.
/// </summary>
public sealed record OtlpExport(bool Traces, bool Metrics, bool Logs)
{
    private const string Endpoint = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public static OtlpExport From(IConfiguration configuration)
    {
        var all = IsSet(configuration, Endpoint);
        return new OtlpExport(
            all || IsSet(configuration, "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"),
            all || IsSet(configuration, "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT"),
            all || IsSet(configuration, "OTEL_EXPORTER_OTLP_LOGS_ENDPOINT"));
    }

    private static bool IsSet(IConfiguration configuration, string key) => !string.IsNullOrWhiteSpace(configuration[key]);
}
