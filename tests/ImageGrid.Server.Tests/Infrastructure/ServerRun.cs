using System.Diagnostics;

namespace ImageGrid.Server.Tests.Infrastructure;

/// <summary>
/// The built server run in its own process until it exits by itself, for starts that must fail: its exit code, and what
/// it wrote to stdout and to stderr, apart.
/// </summary>
public sealed record ServerRun(int ExitCode, IReadOnlyList<string> StandardOutput, IReadOnlyList<string> StandardError)
{
    public static async Task<ServerRun> UntilExitAsync(IEnumerable<string> arguments, TimeSpan timeout)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ImageGrid.Server.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the server process");
        var standardOutput = process.StandardOutput.ReadToEndAsync();
        var standardError = process.StandardError.ReadToEndAsync();
        using var wait = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(wait.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"the server did not exit within {timeout}");
        }

        return new ServerRun(process.ExitCode, Lines(await standardOutput), Lines(await standardError));
    }

    /// <summary>Everything the process wrote, stdout then stderr.</summary>
    public IEnumerable<string> AllOutput => StandardOutput.Concat(StandardError);

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
