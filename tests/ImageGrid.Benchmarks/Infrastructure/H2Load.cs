using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace ImageGrid.Benchmarks.Infrastructure;

/// <summary>What one h2load run reported, and the CPU it used (user + system, from the shell's <c>times</c>).</summary>
/// <param name="Succeeded">Answers with a 2xx status: a gRPC error is a 200 too (its status is in the trailers).</param>
public sealed record H2LoadResult(
    double Seconds, long Started, long Done, long Succeeded, long Failed, long Errored, long TimedOut, double MeanLatencyMs, double MaxLatencyMs,
    double CpuSeconds)
{
    public double PerSecond => Seconds <= 0 ? 0 : Math.Round(Succeeded / Seconds, 1);
}

/// <summary>
/// nghttp2's h2load (Debian nghttp2-client), a load generator in C with one thread: the same POST with the same body,
/// back to back on <c>connections × streams</c> HTTP/2 streams for a fixed time. Absent from the machine, it is skipped.
/// </summary>
public static partial class H2Load
{
    public static string? Find() => (Environment.GetEnvironmentVariable("PATH") ?? "")
        .Split(':', StringSplitOptions.RemoveEmptyEntries)
        .Select(directory => System.IO.Path.Combine(directory, "h2load"))
        .FirstOrDefault(File.Exists);

    public static async Task<H2LoadResult> RunAsync(
        string executable, string url, byte[] body, IEnumerable<string> headers, int connections, int streamsPerConnection, TimeSpan duration,
        CancellationToken cancellationToken)
    {
        var bodyPath = System.IO.Path.GetTempFileName();
        try
        {
            await File.WriteAllBytesAsync(bodyPath, body, cancellationToken);
            // bash's `times` prints its children's CPU after h2load exits, when /proc no longer has it.
            var start = new ProcessStartInfo("bash")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in new[] { "-c", "\"$0\" \"$@\"; code=$?; times; exit $code", executable })
            {
                start.ArgumentList.Add(argument);
            }

            var seconds = (int)Math.Ceiling(duration.TotalSeconds);
            foreach (var argument in new[] { "-t", "1", "-c", $"{connections}", "-m", $"{streamsPerConnection}", "-D", $"{seconds}", "-d", bodyPath })
            {
                start.ArgumentList.Add(argument);
            }

            foreach (var header in headers)
            {
                start.ArgumentList.Add("-H");
                start.ArgumentList.Add(header);
            }

            start.ArgumentList.Add(url);
            using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start h2load");
            var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var errors = process.StandardError.ReadToEndAsync(cancellationToken);
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(duration + TimeSpan.FromSeconds(60));
            try
            {
                await process.WaitForExitAsync(limit.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }

            var text = await output;
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"h2load exited with {process.ExitCode}: {await errors}{text}");
            }

            return Parse(text);
        }
        finally
        {
            File.Delete(bodyPath);
        }
    }

    public static H2LoadResult Parse(string output)
    {
        var finished = Finished().Match(output);
        var requests = Requests().Match(output);
        var latency = Latency().Match(output);
        var cpu = Times().Matches(output);
        if (!finished.Success || !requests.Success || cpu.Count < 2)
        {
            throw new FormatException($"h2load's output is not what this harness reads:\n{output}");
        }

        long Count(string name) => long.Parse(requests.Groups[name].Value, CultureInfo.InvariantCulture);
        // `times` prints the shell's own CPU, then its children's.
        var children = cpu[^1];
        return new H2LoadResult(
            Seconds(finished.Groups["value"].Value, finished.Groups["unit"].Value),
            Count("started"), Count("done"), Count("succeeded"), Count("failed"), Count("errored"), Count("timeout"),
            latency.Success ? 1000 * Seconds(latency.Groups["mean"].Value, latency.Groups["meanUnit"].Value) : double.NaN,
            latency.Success ? 1000 * Seconds(latency.Groups["max"].Value, latency.Groups["maxUnit"].Value) : double.NaN,
            Math.Round(Minutes(children, "user") + Minutes(children, "system"), 2));
    }

    private static double Minutes(Match times, string prefix) =>
        60 * double.Parse(times.Groups[prefix + "Minutes"].Value, CultureInfo.InvariantCulture)
        + double.Parse(times.Groups[prefix + "Seconds"].Value, CultureInfo.InvariantCulture);

    private static double Seconds(string value, string unit) => double.Parse(value, CultureInfo.InvariantCulture) * unit switch
    {
        "us" => 1e-6,
        "ms" => 1e-3,
        "s" => 1,
        "m" => 60,
        _ => throw new FormatException($"unknown unit {unit}"),
    };

    [GeneratedRegex(@"finished in (?<value>[\d.]+)(?<unit>us|ms|s|m),")]
    private static partial Regex Finished();

    [GeneratedRegex(@"requests: \d+ total, (?<started>\d+) started, (?<done>\d+) done, (?<succeeded>\d+) succeeded, (?<failed>\d+) failed, (?<errored>\d+) errored, (?<timeout>\d+) timeout")]
    private static partial Regex Requests();

    [GeneratedRegex(@"time for request:\s+[\d.]+(?:us|ms|s)\s+(?<max>[\d.]+)(?<maxUnit>us|ms|s)\s+(?<mean>[\d.]+)(?<meanUnit>us|ms|s)")]
    private static partial Regex Latency();

    [GeneratedRegex(@"(?m)^(?<userMinutes>\d+)m(?<userSeconds>[\d.]+)s (?<systemMinutes>\d+)m(?<systemSeconds>[\d.]+)s$")]
    private static partial Regex Times();
}
