using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using ImageGrid.Server.Tests.Infrastructure;
using Xunit.Abstractions;

namespace ImageGrid.Server.Tests.Cluster;

/// <summary>
/// What a silo process listens on, read from /proc: the silo port on the advertised address only, and no Orleans
/// gateway (nothing uses it: gRPC runs inside the silo's own process).
/// </summary>
[Collection(AzureClusterCollection.Name)]
public sealed class SiloListenerTests(AzureClusterFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task An_azure_storage_silo_listens_on_its_advertised_address_only_and_opens_no_gateway()
    {
        var siloPort = FreePort.Next();
        await using var silo = await fixture.StartSiloAsync("listener", [$"--Orleans:SiloPort={siloPort}"]);

        var listening = ListeningSockets.Of(silo.ProcessId);

        output.WriteLine($"listening: {string.Join(", ", listening)}");
        Assert.Equal(
            new[] { $"127.0.0.1:{new Uri(silo.GrpcUrl).Port}", $"127.0.0.1:{siloPort}" }.Order(StringComparer.Ordinal),
            listening.Select(endpoint => endpoint.ToString()).Order(StringComparer.Ordinal));
        foreach (var address in OwnNonLoopbackAddresses())
        {
            output.WriteLine($"connecting to {address}:{siloPort}");
            using var client = new TcpClient(address.AddressFamily);
            var error = await Assert.ThrowsAsync<SocketException>(() => client.ConnectAsync(address, siloPort).WaitAsync(TimeSpan.FromSeconds(5)));
            Assert.Equal(SocketError.ConnectionRefused, error.SocketErrorCode);
        }

        // Still a working silo: it hosts grains and serves a call.
        var key = await AzureClusterFixture.CreateAccountAsync(silo, 10);
        Assert.Equal(10, (await AzureClusterFixture.Client(silo, key).GetBalanceAsync(new Contracts.V1.GetBalanceRequest())).Available);
    }

    private static IEnumerable<IPAddress> OwnNonLoopbackAddresses() =>
        NetworkInterface.GetAllNetworkInterfaces()
            .Where(nic => nic.OperationalStatus == OperationalStatus.Up && nic.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(nic => nic.GetIPProperties().UnicastAddresses)
            .Select(unicast => unicast.Address)
            .Where(address => address.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(address));
}
