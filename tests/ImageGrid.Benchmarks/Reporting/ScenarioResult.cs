using ImageGrid.Benchmarks.Infrastructure;

namespace ImageGrid.Benchmarks.Reporting;

/// <summary>One number of the report, with its baseline and the target where there is one.</summary>
/// <param name="Baseline">The same measure without ImageGrid (direct REST calls to the simulator), when the scenario has one.</param>
/// <param name="Target">The target in words, e.g. "&lt;= 1.2x direct".</param>
/// <param name="Met">Whether this run met the target (null when there is none).</param>
public sealed record Measurement(
    string Metric,
    double Value,
    string Unit,
    double? Baseline = null,
    string? Target = null,
    bool? Met = null,
    string? Note = null)
{
    public double? Ratio => Baseline is { } baseline && baseline != 0 ? Math.Round(Value / baseline, 3) : null;
}

/// <summary>What a scenario measured, or why it failed.</summary>
public sealed class ScenarioResult(string name, string title)
{
    public string Name { get; } = name;

    public string Title { get; } = title;

    /// <summary>"ok" or "failed".</summary>
    public string Status { get; set; } = "ok";

    public string? Error { get; set; }

    public double WallSeconds { get; set; }

    public List<Measurement> Measurements { get; } = [];

    public List<CpuSplit> Cpu { get; } = [];

    /// <summary>Parameters and raw figures behind the measurements (counts, latency summaries, RSS readings).</summary>
    public SortedDictionary<string, object?> Details { get; } = new(StringComparer.Ordinal);

    public Measurement Add(Measurement measurement)
    {
        Measurements.Add(measurement);
        return measurement;
    }

    public void Fail(string error)
    {
        Status = "failed";
        Error = error;
    }
}
