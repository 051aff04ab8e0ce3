namespace ImageGrid.Benchmarks.Infrastructure;

/// <summary>
/// CPU time and memory of the three parties (the harness generating load, the server, the simulator) over one phase:
/// read at <see cref="Start"/> and at <see cref="Stop"/>. Several servers count as one.
/// </summary>
public sealed class CpuMeter
{
    private readonly BenchStack _stack;
    private readonly string _phase;
    private readonly DateTime _startedAt;
    private readonly ProcSample _harness;
    private readonly ProcSample _server;
    private readonly ProcSample _simulator;

    private CpuMeter(BenchStack stack, string phase)
    {
        _stack = stack;
        _phase = phase;
        _startedAt = DateTime.UtcNow;
        _harness = ProcStats.Self();
        _server = ServersOf(stack);
        _simulator = stack.Simulator.Sample();
    }

    public static CpuMeter Start(BenchStack stack, string phase) => new(stack, phase);

    public CpuSplit Stop()
    {
        var wall = (DateTime.UtcNow - _startedAt).TotalSeconds;
        var harness = ProcStats.Self();
        var server = ServersOf(_stack);
        var simulator = _stack.Simulator.Sample();
        return new CpuSplit(
            _phase,
            Math.Round(wall, 2),
            Environment.ProcessorCount,
            Math.Round((harness.Cpu - _harness.Cpu).TotalSeconds, 2),
            Math.Round((server.Cpu - _server.Cpu).TotalSeconds, 2),
            Math.Round((simulator.Cpu - _simulator.Cpu).TotalSeconds, 2),
            server.RssBytes / Mib,
            simulator.RssBytes / Mib,
            harness.RssBytes / Mib);
    }

    private const double Mib = 1024 * 1024;

    private static ProcSample ServersOf(BenchStack stack) => ProcSample.Sum(stack.Servers.Select(server => server.Sample()));
}

/// <summary>CPU seconds each process used during a phase, and resident memory at its end.</summary>
public sealed record CpuSplit(
    string Phase,
    double WallSeconds,
    int Cores,
    double HarnessCpuSeconds,
    double ServerCpuSeconds,
    double SimulatorCpuSeconds,
    double ServerRssMib,
    double SimulatorRssMib,
    double HarnessRssMib)
{
    public double TotalCpuSeconds => HarnessCpuSeconds + ServerCpuSeconds + SimulatorCpuSeconds;

    /// <summary>Share of the machine's capacity (cores × wall time) the three used together.</summary>
    public double MachineUtilization => WallSeconds <= 0 ? 0 : Math.Round(TotalCpuSeconds / (WallSeconds * Cores), 3);

    public double Share(double cpuSeconds) => TotalCpuSeconds <= 0 ? 0 : Math.Round(cpuSeconds / TotalCpuSeconds, 3);
}
