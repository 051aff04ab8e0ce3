using System.Collections.Immutable;
using System.Net;
using ImageGrid.Server.Diagnostics;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans.Runtime;

namespace ImageGrid.Server.Tests.Unit;

/// <summary>
/// The readiness check on the silo's own membership status. Over HTTP the management endpoint starts only after the
/// silo has joined, so the states before Active (and after, while it shuts down or once it is declared dead) are set here.
/// </summary>
public sealed class SiloActiveHealthCheckTests
{
    private static readonly SiloAddress Local = SiloAddress.New(new IPEndPoint(IPAddress.Parse("10.1.2.3"), 11111), 1);
    private static readonly SiloAddress Other = SiloAddress.New(new IPEndPoint(IPAddress.Parse("10.1.2.4"), 11111), 1);

    [Fact]
    public async Task An_active_silo_is_ready()
    {
        var result = await CheckAsync((Local, SiloStatus.Active), (Other, SiloStatus.Active));

        Assert.Equal(HealthStatus.Healthy, result.Status);
    }

    [Theory]
    [InlineData(SiloStatus.Created)]
    [InlineData(SiloStatus.Joining)]
    [InlineData(SiloStatus.ShuttingDown)]
    [InlineData(SiloStatus.Stopping)]
    [InlineData(SiloStatus.Dead)]
    public async Task A_silo_that_is_not_active_is_not_ready(SiloStatus status)
    {
        var result = await CheckAsync((Local, status), (Other, SiloStatus.Active));

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Contains(status.ToString(), result.Description);
    }

    [Fact]
    public async Task A_silo_missing_from_the_membership_is_not_ready()
    {
        var result = await CheckAsync((Other, SiloStatus.Active));

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
    }

    private static Task<HealthCheckResult> CheckAsync(params (SiloAddress Silo, SiloStatus Status)[] members)
    {
        var snapshot = new ClusterMembershipSnapshot(
            members.ToImmutableDictionary(m => m.Silo, m => new ClusterMember(m.Silo, m.Status, m.Silo.ToString())),
            new MembershipVersion(7));
        var check = new SiloActiveHealthCheck(new LocalSilo(), new FixedMembership(snapshot));
        return check.CheckHealthAsync(new HealthCheckContext());
    }

    private sealed class LocalSilo : ILocalSiloDetails
    {
        public string Name => "imagegrid-0";

        public string ClusterId => "imagegrid";

        public string DnsHostName => "imagegrid-0";

        public SiloAddress SiloAddress => Local;

        public SiloAddress GatewayAddress => SiloAddress.Zero;
    }

    private sealed class FixedMembership(ClusterMembershipSnapshot snapshot) : IClusterMembershipService
    {
        public ClusterMembershipSnapshot CurrentSnapshot => snapshot;

        public IAsyncEnumerable<ClusterMembershipSnapshot> MembershipUpdates => throw new NotSupportedException();

        public ValueTask Refresh(MembershipVersion minimumVersion = default, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<bool> TryKill(SiloAddress siloAddress) => throw new NotSupportedException();
    }
}
