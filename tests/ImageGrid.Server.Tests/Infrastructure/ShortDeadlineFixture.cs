namespace ImageGrid.Server.Tests.Infrastructure;

/// <summary>An ImageGrid server that waits only one second for Rivya's acknowledgement and retries once per call.</summary>
public sealed class ShortDeadlineFixture : ImageGridFixture
{
    protected override IEnumerable<string> ServerArguments(string simulatorUrl) =>
    [
        .. base.ServerArguments(simulatorUrl),
        "--Polling:SubmitAckTimeout=00:00:01",
        "--Rivya:MaxRetryAttempts=1",
    ];
}

[CollectionDefinition(Name)]
public sealed class ShortDeadlineCollection : ICollectionFixture<ShortDeadlineFixture>
{
    public const string Name = "short-deadline";
}
