namespace ImageGrid.Server.Tests.Infrastructure;

/// <summary>An ImageGrid server whose account streams may fall only two updates behind.</summary>
public sealed class SmallWatchBufferFixture : ImageGridFixture
{
    protected override IEnumerable<string> ServerArguments(string simulatorUrl) =>
        [.. base.ServerArguments(simulatorUrl), "--Watch:AccountBufferCapacity=2"];
}

[CollectionDefinition(Name)]
public sealed class SmallWatchBufferCollection : ICollectionFixture<SmallWatchBufferFixture>
{
    public const string Name = "small-watch-buffer";
}
