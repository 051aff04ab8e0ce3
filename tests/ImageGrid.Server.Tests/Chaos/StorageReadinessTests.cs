using System.Net;
using ImageGrid.Server.Tests.Cluster;
using ImageGrid.Server.Tests.Infrastructure;

namespace ImageGrid.Server.Tests.Chaos;

/// <summary>
/// /health/ready follows storage: 200 while Azure Storage (Azurite behind a fault proxy) answers, 503 while it does not,
/// 200 again once it is back; /health/live stays 200 throughout, so Kubernetes takes the pod out of the Service rather
/// than restarting it.
/// </summary>
[Collection(AzureClusterCollection.Name)]
public sealed class StorageReadinessTests(AzureClusterFixture fixture)
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData(ProxyFault.Reset)]
    [InlineData(ProxyFault.ServiceUnavailable)]
    public async Task Readiness_is_503_while_storage_is_unreachable_and_200_when_it_answers(ProxyFault fault)
    {
        await using var blobs = FaultProxy.Start(Azurite.BlobPort);
        await using var tables = FaultProxy.Start(Azurite.TablePort);
        var connection = Azurite.ConnectionString(blobs.Port, tables.Port);
        var management = $"http://127.0.0.1:{FreePort.Next()}";
        await using var silo = await fixture.StartSiloAsync($"ready-{fault}", [$"--Storage:ConnectionString={connection}", $"--Management:Url={management}"]);
        using var http = new HttpClient { BaseAddress = new Uri(management) };

        Assert.Equal(HttpStatusCode.OK, await StatusAsync(http, "/health/ready"));

        blobs.Fault = tables.Fault = fault;
        Assert.True(await EventuallyAsync(http, "/health/ready", HttpStatusCode.ServiceUnavailable), "readiness stayed 200 with storage unreachable");
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(http, "/health/live"));

        blobs.Fault = tables.Fault = ProxyFault.None;
        Assert.True(await EventuallyAsync(http, "/health/ready", HttpStatusCode.OK), "readiness did not come back with storage");
    }

    private static async Task<HttpStatusCode> StatusAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path);
        return response.StatusCode;
    }

    /// <summary>Probes as Kubernetes does, until the expected answer or a generous bound.</summary>
    private static async Task<bool> EventuallyAsync(HttpClient http, string path, HttpStatusCode expected)
    {
        var deadline = DateTime.UtcNow + Settle;
        while (DateTime.UtcNow < deadline)
        {
            if (await StatusAsync(http, path) == expected)
            {
                return true;
            }

            await Task.Delay(250);
        }

        return false;
    }
}
