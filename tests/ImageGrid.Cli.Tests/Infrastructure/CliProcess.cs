using System.Diagnostics;

namespace ImageGrid.Cli.Tests.Infrastructure;

/// <summary>The imagegrid tool as a real process: <c>dotnet imagegrid-tool/imagegrid.dll ...</c>, its build output copied beside the tests.</summary>
public static class CliProcess
{
    /// <summary>Generous for a busy 2-core machine; a run that takes longer is killed and fails its test.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    public static async Task<CliRun> RunAsync(string url, string? apiKey, IReadOnlyList<string> args, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "imagegrid-tool", "imagegrid.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["IMAGEGRID_URL"] = url;
        if (apiKey is null)
        {
            start.Environment.Remove("IMAGEGRID_API_KEY");
        }
        else
        {
            start.Environment["IMAGEGRID_API_KEY"] = apiKey;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("the tool did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            Assert.Fail($"imagegrid {string.Join(' ', args)} ran longer than {Timeout}; stdout: {await stdout}; stderr: {await stderr}");
        }

        return new CliRun(process.ExitCode, await stdout, await stderr);
    }
}

/// <summary>What one run of the tool left: its exit code and everything it printed.</summary>
public sealed record CliRun(int ExitCode, string Stdout, string Stderr)
{
    public IReadOnlyList<string> StdoutLines => Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>For assertion messages: the run as a person would have seen it.</summary>
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}--- stderr\n{Stderr}";
}
