using ImageGrid.Benchmarks.Infrastructure;
using ImageGrid.Benchmarks.Reporting;

namespace ImageGrid.Benchmarks.Scenarios;

/// <summary>One scenario: the processes it needs, and what it measures on them.</summary>
public interface IScenario
{
    string Name { get; }

    string Title { get; }

    StackOptions Stack(BenchSettings settings);

    Task RunAsync(BenchStack stack, BenchSettings settings, ScenarioResult result, CancellationToken cancellationToken);
}
