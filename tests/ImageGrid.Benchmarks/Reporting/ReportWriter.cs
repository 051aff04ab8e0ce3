using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using ImageGrid.Benchmarks.Infrastructure;

namespace ImageGrid.Benchmarks.Reporting;

/// <summary>The whole run: machine, settings, and each scenario's result.</summary>
public sealed record BenchReport(
    string Mode,
    string StartedAtUtc,
    double WallSeconds,
    MachineInfo Machine,
    string? Commit,
    BenchSettings Settings,
    IReadOnlyList<ScenarioResult> Scenarios);

public sealed record MachineInfo(int Cores, double MemoryGib, string Os, string Runtime, string ServerGc)
{
    public static MachineInfo Current(string serverGc) => new(
        Environment.ProcessorCount,
        Math.Round(ProcStats.MemTotalBytes() / (1024.0 * 1024 * 1024), 1),
        System.Runtime.InteropServices.RuntimeInformation.OSDescription,
        System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription,
        serverGc);
}

public static class ReportWriter
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new TimeSpanSecondsConverter() },
    };

    public static async Task WriteJsonAsync(BenchReport report, string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        await using var file = File.Create(path);
        await JsonSerializer.SerializeAsync(file, report, Json);
    }

    public static string Table(BenchReport report)
    {
        var rows = new List<string[]> { new[] { "scenario", "metric", "ImageGrid", "baseline", "ratio", "target", "met" } };
        foreach (var scenario in report.Scenarios)
        {
            if (scenario.Status != "ok")
            {
                rows.Add([scenario.Name, $"FAILED: {scenario.Error}", "", "", "", "", ""]);
                continue;
            }

            foreach (var m in scenario.Measurements)
            {
                rows.Add([
                    scenario.Name,
                    $"{m.Metric} ({m.Unit})",
                    Number(m.Value),
                    m.Baseline is { } b ? Number(b) : "",
                    m.Ratio is { } r ? r.ToString("0.00", CultureInfo.InvariantCulture) + "x" : "",
                    m.Target ?? "",
                    m.Met switch { true => "yes", false => "NO", null => "" },
                ]);
            }
        }

        var text = new StringBuilder();
        AppendTable(text, rows);
        text.AppendLine();

        var cpuRows = new List<string[]> { new[] { "phase", "wall s", "CPU s harness", "CPU s server", "CPU s simulator", "split h/srv/sim", "machine busy", "RSS MiB srv/sim/h" } };
        foreach (var scenario in report.Scenarios)
        {
            foreach (var c in scenario.Cpu)
            {
                cpuRows.Add([
                    $"{scenario.Name}: {c.Phase}",
                    Number(c.WallSeconds),
                    Number(c.HarnessCpuSeconds),
                    Number(c.ServerCpuSeconds),
                    Number(c.SimulatorCpuSeconds),
                    $"{Percent(c.Share(c.HarnessCpuSeconds))}/{Percent(c.Share(c.ServerCpuSeconds))}/{Percent(c.Share(c.SimulatorCpuSeconds))}",
                    Percent(c.MachineUtilization),
                    $"{c.ServerRssMib:0}/{c.SimulatorRssMib:0}/{c.HarnessRssMib:0}",
                ]);
            }
        }

        AppendTable(text, cpuRows);
        return text.ToString();
    }

    private static void AppendTable(StringBuilder text, List<string[]> rows)
    {
        var widths = new int[rows[0].Length];
        foreach (var row in rows)
        {
            for (var i = 0; i < row.Length; i++)
            {
                widths[i] = Math.Max(widths[i], row[i].Length);
            }
        }

        for (var r = 0; r < rows.Count; r++)
        {
            text.Append("| ");
            text.AppendJoin(" | ", rows[r].Select((cell, i) => cell.PadRight(widths[i])));
            text.AppendLine(" |");
            if (r == 0)
            {
                text.Append("|-");
                text.AppendJoin("-|-", widths.Select(w => new string('-', w)));
                text.AppendLine("-|");
            }
        }
    }

    public static string Number(double value) => Math.Abs(value) switch
    {
        >= 100 => value.ToString("#,0", CultureInfo.InvariantCulture),
        >= 10 => value.ToString("0.0", CultureInfo.InvariantCulture),
        _ => value.ToString("0.00", CultureInfo.InvariantCulture),
    };

    private static string Percent(double fraction) => (fraction * 100).ToString("0", CultureInfo.InvariantCulture) + "%";

    private sealed class TimeSpanSecondsConverter : JsonConverter<TimeSpan>
    {
        public override TimeSpan Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            TimeSpan.FromSeconds(reader.GetDouble());

        public override void Write(Utf8JsonWriter writer, TimeSpan value, JsonSerializerOptions options) =>
            writer.WriteNumberValue(value.TotalSeconds);
    }
}
