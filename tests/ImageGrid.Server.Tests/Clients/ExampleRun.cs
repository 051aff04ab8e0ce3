using System.Diagnostics;

namespace ImageGrid.Server.Tests.Clients;

/// <summary>An example client run as a child process to its end: its exit code and its output, line by line.</summary>
public sealed record ExampleRun(int ExitCode, IReadOnlyList<string> StandardOutput, string StandardError)
{
    /// <summary>Generous: the Python stubs are generated at start, and the machine may be busy.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    public static async Task<ExampleRun> UntilExitAsync(string fileName, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment, string workingDirectory)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {fileName}");
        var standardOutput = process.StandardOutput.ReadToEndAsync();
        var standardError = process.StandardError.ReadToEndAsync();
        using var wait = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(wait.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} did not exit within {Timeout}; it wrote: {await standardOutput} {await standardError}");
        }

        var lines = (await standardOutput).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.TrimEnd('\r')).ToList();
        return new ExampleRun(process.ExitCode, lines, await standardError);
    }

    /// <summary>What the run printed, for assertion messages.</summary>
    public override string ToString() => $"exit code {ExitCode}\n{string.Join('\n', StandardOutput)}\n{StandardError}";
}
