using ImageGrid.Server.Tests.Infrastructure;

namespace ImageGrid.Server.Tests.Chaos;

/// <summary>
/// An ImageGrid server (memory mode) that reaches the Rivya simulator through a <see cref="FaultProxy"/>, waits one
/// second for Rivya's acknowledgement and lets orphaned reservations go after a few seconds.
/// </summary>
public sealed class RivyaProxyFixture : ImageGridFixture
{
    private FaultProxy? _proxy;

    public FaultProxy Proxy => _proxy ?? throw new InvalidOperationException("not started");

    protected override IEnumerable<string> ServerArguments(string simulatorUrl)
    {
        _proxy = FaultProxy.Start(new Uri(simulatorUrl).Port);
        return
        [
            .. base.ServerArguments(simulatorUrl),
            $"--Rivya:BaseUrl=http://127.0.0.1:{_proxy.Port}",
            "--Polling:SubmitAckTimeout=00:00:01",
            "--Rivya:RetryBaseDelay=00:00:00.100",
        ];
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_proxy is not null)
        {
            await _proxy.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class RivyaProxyCollection : ICollectionFixture<RivyaProxyFixture>
{
    public const string Name = "rivya-proxy";
}
