using System.Diagnostics;
using System.Globalization;

namespace ImageGrid.Benchmarks.Infrastructure;

/// <summary>One reading of a process from /proc: CPU time so far (user + system) and resident memory.</summary>
/// <param name="Cpu">utime + stime from /proc/&lt;pid&gt;/stat.</param>
/// <param name="RssBytes">VmRSS from /proc/&lt;pid&gt;/status.</param>
/// <param name="RssAnonBytes">RssAnon (heap and stacks, no mapped files) from /proc/&lt;pid&gt;/status.</param>
public readonly record struct ProcSample(TimeSpan Cpu, long RssBytes, long RssAnonBytes, int Threads)
{
    public static readonly ProcSample Empty = new(TimeSpan.Zero, 0, 0, 0);

    /// <summary>Several processes taken as one (e.g. the silos of a cluster): their CPU, memory and threads added up.</summary>
    public static ProcSample Sum(IEnumerable<ProcSample> samples) => samples.Aggregate(Empty, (total, sample) =>
        new(total.Cpu + sample.Cpu, total.RssBytes + sample.RssBytes, total.RssAnonBytes + sample.RssAnonBytes, total.Threads + sample.Threads));
}

/// <summary>Reads /proc (Linux only). A process that is gone reads as <see cref="ProcSample.Empty"/>.</summary>
public static class ProcStats
{
    private static readonly Lazy<long> ClockTicksPerSecond = new(ReadClockTicks);

    public static ProcSample Read(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // The command name (field 2) is in parentheses and may hold spaces: fields are counted after the last ')'.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            // fields[0] is field 3 (state); utime is field 14 and stime field 15.
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            var cpu = TimeSpan.FromSeconds((double)ticks / ClockTicksPerSecond.Value);

            long rss = 0, rssAnon = 0;
            var threads = 0;
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    rss = KiloBytes(line);
                }
                else if (line.StartsWith("RssAnon:", StringComparison.Ordinal))
                {
                    rssAnon = KiloBytes(line);
                }
                else if (line.StartsWith("Threads:", StringComparison.Ordinal))
                {
                    threads = int.Parse(line["Threads:".Length..].Trim(), CultureInfo.InvariantCulture);
                }
            }

            return new ProcSample(cpu, rss, rssAnon, threads);
        }
        catch (IOException)
        {
            return ProcSample.Empty;
        }
        catch (UnauthorizedAccessException)
        {
            return ProcSample.Empty;
        }
    }

    /// <summary>The harness itself: CPU from <see cref="Process"/>, memory from /proc/self.</summary>
    public static ProcSample Self()
    {
        using var self = Process.GetCurrentProcess();
        var proc = Read(Environment.ProcessId);
        return proc with { Cpu = self.TotalProcessorTime };
    }

    public static long MemTotalBytes()
    {
        var line = File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
        return line is null ? 0 : KiloBytes(line);
    }

    private static long KiloBytes(string line)
    {
        var value = line[(line.IndexOf(':') + 1)..].Trim();
        var number = value.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
        return long.Parse(number, CultureInfo.InvariantCulture) * 1024;
    }

    /// <summary>sysconf(_SC_CLK_TCK) through getconf; 100 (every mainstream Linux) when that fails.</summary>
    private static long ReadClockTicks()
    {
        try
        {
            using var getconf = Process.Start(new ProcessStartInfo("getconf", "CLK_TCK") { RedirectStandardOutput = true, UseShellExecute = false });
            if (getconf is not null)
            {
                var output = getconf.StandardOutput.ReadToEnd().Trim();
                getconf.WaitForExit(5000);
                if (long.TryParse(output, CultureInfo.InvariantCulture, out var ticks) && ticks > 0)
                {
                    return ticks;
                }
            }
        }
        catch (System.ComponentModel.Win32Exception)
        {
        }

        return 100;
    }
}
