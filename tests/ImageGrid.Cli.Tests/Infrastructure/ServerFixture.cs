namespace ImageGrid.Cli.Tests.Infrastructure;

/// <summary>
/// The server tests' <see cref="ImageGridFixture"/> (a real ImageGrid server in memory mode and the Rivya simulator it
/// talks to over HTTP, in-process), started once for the CLI tests, which run the tool against it as a process.
/// </summary>
public sealed class ServerFixture : ImageGridFixture
{
    /// <summary>Rivya's deadlines roomier than the server tests', as every test runs the tool as a process beside the server.</summary>
    protected override IEnumerable<string> ServerArguments(string simulatorUrl) =>
    [
        .. base.ServerArguments(simulatorUrl),
        "--Rivya:AttemptTimeout=00:00:05",
        "--Rivya:TotalRequestTimeout=00:00:20",
        "--Polling:SubmitAckTimeout=00:00:10",
    ];

    /// <summary>Runs the tool with the demo account's key, unless the test gives a key (or null for none) of its own.</summary>
    public Task<CliRun> RunAsync(params string[] args) => CliProcess.RunAsync(GrpcUrl, DemoKey, args);

    public Task<CliRun> RunWithKeyAsync(string? apiKey, params string[] args) => CliProcess.RunAsync(GrpcUrl, apiKey, args);

    /// <summary>Tasks whose prompt contains <paramref name="marker"/> end FAILED with this error code.</summary>
    public Task FailTasksWithPromptAsync(string marker, string errorCode, string errorMessage) =>
        Simulator.AddScriptAsync(new { promptContains = marker, outcome = "failed", errorCode, errorMessage });

    /// <summary>Tasks whose prompt contains <paramref name="marker"/> stay queued, then running, this long each.</summary>
    public Task SlowTasksWithPromptAsync(string marker, TimeSpan queued, TimeSpan running) =>
        Simulator.AddScriptAsync(new { promptContains = marker, outcome = "succeeded", queuedMs = (int)queued.TotalMilliseconds, runningMs = (int)running.TotalMilliseconds });
}

[CollectionDefinition(Name)]
public sealed class ServerCollection : ICollectionFixture<ServerFixture>
{
    public const string Name = "server";
}
