using System.Diagnostics;
using Grpc.Health.V1;
using Grpc.Net.Client;
using ImageGrid.Server.Tests.Infrastructure;

namespace ImageGrid.Server.Tests.Cluster;

/// <summary>
/// One ImageGrid server (gRPC edge and silo) in its own OS process, started from the built server assembly, so a test
/// can kill it for real.
/// </summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _output = new();

    private SiloProcess(Process process, string grpcUrl, string name)
    {
        _process = process;
        GrpcUrl = grpcUrl;
        Name = name;
        Channel = GrpcChannel.ForAddress(grpcUrl);
    }

    public string Name { get; }

    public string GrpcUrl { get; }

    public GrpcChannel Channel { get; }

    public bool HasExited => _process.HasExited;

    public int ProcessId => _process.Id;

    /// <summary>The lines the process wrote so far (its log, at the levels its arguments set).</summary>
    public IReadOnlyCollection<string> Output => _output;

    public static async Task<SiloProcess> StartAsync(string name, IEnumerable<string> arguments, TimeSpan timeout)
    {
        var grpcUrl = $"http://127.0.0.1:{FreePort.Next()}";
        var serverDll = Path.Combine(AppContext.BaseDirectory, "ImageGrid.Server.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(serverDll);
        start.ArgumentList.Add($"--urls={grpcUrl}");
        // No dashboard unless a test asks for one: the embedded default's would take 127.0.0.1:5081 in every process.
        start.ArgumentList.Add("--Web:Enabled=false");
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the server process");
        var silo = new SiloProcess(process, grpcUrl, name);
        // The silo's own log, kept beside the test results for diagnosis.
        var log = TextWriter.Synchronized(new StreamWriter(Path.Combine(AppContext.BaseDirectory, $"silo-{name}-{process.Id}.log")) { AutoFlush = true });
        process.OutputDataReceived += (_, line) => silo.Record(log, line.Data);
        process.ErrorDataReceived += (_, line) => silo.Record(log, line.Data);
        process.Exited += (_, _) => log.Dispose();
        process.EnableRaisingEvents = true;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await silo.WaitUntilServingAsync(timeout);
        return silo;
    }

    /// <summary>No goodbye: the process is gone as after a crash or a lost node.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    /// <summary>What Kubernetes does to a pod it removes: SIGTERM, then the host shuts down gracefully.</summary>
    public async Task TerminateAsync(TimeSpan timeout)
    {
        using (var signal = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await signal.WaitForExitAsync();
        }

        using var wait = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(wait.Token);
    }

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        if (!_process.HasExited)
        {
            await KillAsync();
        }

        _process.Dispose();
    }

    private void Record(TextWriter log, string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        try
        {
            log.WriteLine(line);
        }
        catch (ObjectDisposedException)
        {
            // A last line after the process exited: it is kept in Output.
        }
    }

    private async Task WaitUntilServingAsync(TimeSpan timeout)
    {
        var health = new Health.HealthClient(Channel);
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"silo {Name} exited with code {_process.ExitCode} while starting");
            }

            try
            {
                var reply = await health.CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(2));
                if (reply.Status == HealthCheckResponse.Types.ServingStatus.Serving)
                {
                    return;
                }
            }
            catch (global::Grpc.Core.RpcException) when (DateTime.UtcNow < deadline)
            {
            }

            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException($"silo {Name} did not serve within {timeout}");
            }

            await Task.Delay(200);
        }
    }
}
