using Grpc.Core;
using Grpc.Core.Interceptors;
using ImageGrid.Contracts.V1;
using ImageGrid.Server.Tests.Cluster;
using ImageGrid.Server.Tests.Infrastructure;

namespace ImageGrid.Server.Tests.Startup;

/// <summary>
/// A production-shaped server (Azure Storage, or Kubernetes hosting) has a demo account only when Demo:ApiKey is given
/// (the cluster tests give it), and never generates or prints a key. Each test runs the built server as its own process
/// and reads everything it printed once it has exited.
/// </summary>
[Collection(AzureClusterCollection.Name)]
public sealed class ProductionDemoAccountTests(AzureClusterFixture fixture)
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task An_azure_storage_server_without_demo_settings_has_no_demo_account_and_prints_no_key()
    {
        await using var server = await fixture.StartSiloWithoutDemoAsync("no-demo");

        await AssertNoDemoAccountAsync(server);
        await server.TerminateAsync(StopTimeout);
        AssertNoDemoKeyPrinted(server);
    }

    [Fact]
    public async Task A_server_with_kubernetes_hosting_without_demo_settings_has_no_demo_account_and_prints_no_key()
    {
        // Memory storage keeps this test off a Kubernetes API (its clustering stays local); Kubernetes hosting alone
        // makes the server production-shaped.
        await using var server = await SiloProcess.StartAsync("kubernetes-no-demo",
        [
            "--Orleans:Kubernetes=true",
            $"--Orleans:SiloPort={FreePort.Next()}",
            "--Rivya:BaseUrl=http://127.0.0.1:9/",
            "--Rivya:ApiKey=unused",
            $"--Admin:ApiKey={AzureClusterFixture.AdminKey}",
            "--Logging:LogLevel:ImageGrid=Information",
        ], StartTimeout);

        await AssertNoDemoAccountAsync(server);
        await server.TerminateAsync(StopTimeout);
        AssertNoDemoKeyPrinted(server);
    }

    private static async Task AssertNoDemoAccountAsync(SiloProcess server)
    {
        var admin = new ImageGridAdmin.ImageGridAdminClient(server.Channel.Intercept(metadata =>
        {
            metadata.Add("authorization", $"Bearer {AzureClusterFixture.AdminKey}");
            return metadata;
        }));
        var error = await Assert.ThrowsAsync<RpcException>(() => admin.GetAccountAsync(new GetAccountRequest { AccountId = "demo" }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, error.StatusCode);
    }

    /// <summary>Read after the process exited, so every line it ever wrote is there.</summary>
    private static void AssertNoDemoKeyPrinted(SiloProcess server)
    {
        Assert.True(server.HasExited);
        Assert.DoesNotContain(server.Output, line => line.Contains("Demo API key", StringComparison.Ordinal));
        Assert.DoesNotContain(server.Output, line => line.Contains("igk_demo_", StringComparison.Ordinal));
        Assert.DoesNotContain(server.Output, line => line.Contains("Account demo", StringComparison.Ordinal));
    }
}
