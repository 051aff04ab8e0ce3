using System.Collections.Concurrent;
using ImageGrid.Server.Tests.Infrastructure;

namespace ImageGrid.Server.Tests.Clients;

/// <summary>
/// An ImageGrid server whose simulated tasks stay QUEUED for 4 s and RUNNING for 2 s, so an example's watch, cut by a
/// 1.5 s deadline per call, breaks after it has seen a version and must resume; and each example's run, made once and
/// read by every test of that example.
/// </summary>
public sealed class ClientExamplesFixture : ImageGridFixture
{
    public static readonly TimeSpan WatchAttempt = TimeSpan.FromSeconds(1.5);

    private readonly ConcurrentDictionary<string, Lazy<Task<ExampleOutcome>>> _runs = new();

    /// <summary>Where the examples run and save their images; deleted with the fixture.</summary>
    public string WorkDirectory { get; } = Directory.CreateTempSubdirectory("imagegrid-client-examples-").FullName;

    protected override IEnumerable<string> SimulatorArguments() =>
    [
        .. base.SimulatorArguments(),
        "--Simulator:QueuedDuration=00:00:04",
        "--Simulator:RunningDuration=00:00:02",
    ];

    /// <summary>The run of the example <paramref name="name"/>, started by the first test that asks for it.</summary>
    public Task<ExampleOutcome> RunOnceAsync(string name, Func<Task<ExampleOutcome>> run) =>
        _runs.GetOrAdd(name, _ => new Lazy<Task<ExampleOutcome>>(run)).Value;

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Directory.Delete(WorkDirectory, recursive: true);
    }
}

[CollectionDefinition(Name)]
public sealed class ClientExamplesCollection : ICollectionFixture<ClientExamplesFixture>
{
    public const string Name = "client-examples";
}
