namespace ImageGrid.Server.Tests.Infrastructure;

/// <summary>
/// An ImageGrid server that waits only one second for Rivya's acknowledgement, retries once per call and waits out a
/// Retry-After of at most three seconds.
/// </summary>
public sealed class ShortDeadlineFixture : ImageGridFixture
{
    protected override IEnumerable<string> ServerArguments(string simulatorUrl) =>
    [
        .. base.ServerArguments(simulatorUrl),
        "--Polling:SubmitAckTimeout=00:00:01",
        "--Rivya:MaxRetryAttempts=1",
        $"--Rivya:MaxRetryAfter={MaxRetryAfter}",
    ];

    public static readonly TimeSpan MaxRetryAfter = TimeSpan.FromSeconds(3);
}

[CollectionDefinition(Name)]
public sealed class ShortDeadlineCollection : ICollectionFixture<ShortDeadlineFixture>
{
    public const string Name = "short-deadline";
}
